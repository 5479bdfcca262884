/*
 * objects.c - the name tables derived from the X-macro lists of objects.h.
 */
#include "objects/objects.h"

const char *const instance_type_names[TYPE_COUNT] = {
#define X(name, layout) #name,
    INSTANCE_TYPE_LIST(X)
#undef X
};

const char *const elements_kind_names[ELEMENTS_KIND_COUNT] = {
#define X(name) #name,
    ELEMENTS_KIND_LIST(X)
#undef X
};
