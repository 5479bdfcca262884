/*
 * test_module_namespace.c - the exotic-object hooks of module namespace
 * objects seen through the object model API (objects/object.h): the
 * fallible [[GetOwnProperty]] throws for an export in its TDZ, the
 * infallible lookup does not, keys are sorted, writes and deletes fail.
 */
#include <string.h>

#include "module/module.h"
#include "objects/string.h"
#include "rondo.h"
#include "test.h"

static const char *const sources[][2] = {
    /* throws before `later` is initialized: it stays in its TDZ for good */
    {"tdz", "import * as self from 'tdz'; globalThis.ns = self; export const b = 1; throw 0; export let later = 2;"},
};

static char *loader(void *data, const char *referrer, const char *specifier, char **resolved, size_t *len) {
  (void)data, (void)referrer;
  *resolved = strdup(specifier);
  if (!len) return NULL;
  for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
    if (strcmp(sources[i][0], specifier)) continue;
    *len = strlen(sources[i][1]);
    return strdup(sources[i][1]);
  }
  return NULL;
}

TEST(module_namespace_hooks) {
  rd_runtime *rt = rd_runtime_new();
  rd_set_module_loader(rt, loader, NULL);
  const char *main_src = "import 'tdz';";
  EXPECT(rd_eval(rt, main_src, strlen(main_src), "main", RD_EVAL_MODULE) == RD_EXCEPTION);
  (void)rd_take_exception(rt);
  {
    HANDLE_SCOPE(rt);
    Handle ns = handle_new(rt, rd_eval(rt, "ns", 2, "<t>", 0));
    EXPECT(value_has_type(*ns, TYPE_JS_MODULE_NAMESPACE));
    EXPECT(object_is_exotic(*ns) && !object_is_extensible(*ns) && object_get_prototype(*ns) == VALUE_NULL);
    Handle later = handle_new(rt, string_internalize_cstr(rt, "later"));
    Handle b = handle_new(rt, string_internalize_cstr(rt, "b"));
    Handle value = handle_new(rt, VALUE_UNDEFINED);
    PropertyLookup l;
    EXPECT(object_lookup_own(rt, *ns, *later, &l));                       /* infallible: found */
    EXPECT_EQ_INT(object_get_own_property(rt, ns, later, &l, value), -1);  /* fallible: TDZ throws */
    EXPECT(runtime_has_exception(rt));
    runtime_clear_exception(rt);
    EXPECT_EQ_INT(object_get_own_property(rt, ns, b, &l, value), 1);
    EXPECT(*value == value_from_int32(1) && details_writable(l.details) && !details_configurable(l.details));
    EXPECT(object_get(rt, ns, later) == VALUE_EMPTY);                        /* [[Get]] throws too */
    runtime_clear_exception(rt);
    EXPECT(object_set(rt, ns, b, value, NULL) == PROPERTY_REJECTED);
    EXPECT(object_delete(rt, ns, b) == PROPERTY_REJECTED);
    Handle keys = handle_new(rt, object_own_keys(rt, ns, KEYS_ALL));
    EXPECT(*keys && fixed_array_length(*keys) == 3);   /* b, later, @@toStringTag */
    EXPECT(FIXED_ARRAY(*keys)->data[0] == *b && FIXED_ARRAY(*keys)->data[1] == *later);
    EXPECT(object_own_keys(rt, ns, KEYS_ENUMERABLE_STRINGS) == VALUE_EMPTY);   /* Object.keys: TDZ */
    runtime_clear_exception(rt);
  }
  rd_runtime_free(rt);
}
