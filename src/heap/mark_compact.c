/*
 * mark_compact.c - the full GC.
 *
 *   1. mark      from the strong roots, with an explicit worklist; each page
 *                counts its live bytes
 *   2. weak      clear weak holders whose referent is unmarked (string table);
 *                before that, marking runs to a fixpoint over the ephemeron
 *                tables met (a value is marked once its key is), then their
 *                entries with an unmarked key and the weak slots of WeakRefs
 *                and WeakCells (objects.h) with an unmarked referent are
 *                cleared; a cell whose target died puts its registry on the
 *                runtime's list of dirty registries (cleanup runs as a job)
 *   3. select    evacuation candidates: old pages at most half live (every
 *                page with live objects under --stress-compaction). Code
 *                pages are never candidates: return addresses on the
 *                machine stack and the entry stub point into Code objects,
 *                so code never moves (docs/tiers.md); its dead objects are
 *                swept into the free list and empty code pages released
 *   4. evacuate  every live young object (promoted) and every live object of
 *                a candidate page, into fresh pages of the right space; the
 *                copy is marked, the original forwarded
 *   5. update    every pointer into a young or candidate page: roots, weak
 *                holders, and the slots of every live object
 *   6. sweep     free candidate pages and dead large objects; turn the gaps
 *                between live objects of other pages into free-list blocks
 *
 * Invariants: free lists are empty from the start of the GC until the sweep,
 * so evacuation never allocates on a candidate page; only marked objects are
 * ever visited after marking (dead ones may hold dangling pointers); after
 * the GC new space is empty, so every OLD_TO_NEW slot set is dropped.
 */
#include <stdio.h>

#include "base/flags.h"
#include "runtime/runtime.h"

typedef struct MarkCompact {
  RootVisitor roots;           /* must stay first */
  Heap *heap;
  Worklist *work;
  Worklist ephemerons;         /* marked ephemeron tables */
  Worklist weak_objects;       /* marked WeakRefs and WeakCells */
} MarkCompact;

/* --- iteration over marked objects ---------------------------------------------------- */
typedef void (*MarkedFn)(HeapObject *o, void *arg);

/* Calls fn on every marked object of pg in address order. fn must not
 * change mark bits of pg at or below the object it is given. */
static void for_each_marked(Page *pg, MarkedFn fn, void *arg) {
  uint64_t *bm = page_bitmap(pg);
  size_t first = (pg->area_start - (uintptr_t)pg) >> 3 >> 6;
  size_t last = (MIN(pg->area_end, (uintptr_t)pg + PAGE_SIZE) - (uintptr_t)pg + 511) >> 3 >> 6;
  for (size_t w = first; w < last; w++) {
    for (uint64_t bits = bm[w]; bits; bits &= bits - 1) {
      size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
      fn((HeapObject *)((uintptr_t)pg + (i << 3)), arg);
    }
  }
}

/* --- 1. marking ------------------------------------------------------------------------------ */
RD_INLINE void mark_value(MarkCompact *mc, rd_value v) {
  if (!value_is_ptr(v)) return;
  HeapObject *o = value_to_ptr(v);
  if (heap_mark(o)) {
    page_of(o)->live_bytes += heap_object_size(o);
    worklist_push(mc->work, o);
  }
}

static void mark_root_range(RootVisitor *v, rd_value *start, rd_value *end) {
  MarkCompact *mc = (MarkCompact *)v;
  for (rd_value *p = start; p < end; p++) mark_value(mc, *p);
}

/* Marks everything reachable from the worklist. Ephemeron tables and
 * objects with weak slots are not marked through (their weak parts) but
 * remembered for the fixpoint and the clearing. */
static void mark_transitively(MarkCompact *mc) {
  HeapObject *o;
  while ((o = worklist_pop(mc->work))) {
    Map *m = heap_object_map(o);
    mark_value(mc, o->map);
    InstanceType t = (InstanceType)m->instance_type;
    if (t == TYPE_EPHEMERON_HASH_TABLE) {   /* header words are int32s; entries wait for the fixpoint */
      worklist_push(&mc->ephemerons, o);
      continue;
    }
    bool weak = t == TYPE_JS_WEAK_REF || t == TYPE_WEAK_CELL;
    if (weak) worklist_push(&mc->weak_objects, o);
    uint32_t start, end;
    heap_object_body(o, m, &start, &end);
    for (uint32_t off = start; off < end; off += 8)
      if (!weak || !heap_object_is_weak_slot(t, off)) mark_value(mc, *(rd_value *)((char *)o + off));
  }
}

/* One pass over the ephemeron tables met so far: marks the value of every
 * entry whose key is marked. Returns true if anything new was marked. */
static bool mark_ephemerons(MarkCompact *mc) {
  bool any = false;
  for (size_t i = 0; i < mc->ephemerons.count; i++) {
    FixedArray *t = (FixedArray *)mc->ephemerons.items[i];
    uint32_t len = (uint32_t)value_to_int32(t->length);
    for (uint32_t k = EPHEMERON_FIRST_ENTRY; k + 1 < len; k += 2) {
      rd_value key = t->data[k], value = t->data[k + 1];
      if (!value_is_ptr(key) || !heap_is_marked(value_to_ptr(key))) continue;
      if (value_is_ptr(value) && !heap_is_marked(value_to_ptr(value))) {
        mark_value(mc, value);
        any = true;
      }
    }
  }
  return any;
}

/* Marks to the fixpoint: until no ephemeron table has an entry with a
 * marked key and an unmarked value (tables met meanwhile join the loop). */
static void mark_to_fixpoint(MarkCompact *mc) {
  do mark_transitively(mc);
  while (mark_ephemerons(mc));
}

/* Clears what died: ephemeron entries with an unmarked key, weak slots with
 * an unmarked referent. Dirty registries are linked to the runtime's list
 * (no allocation: the link is a field of the registry). Returns the count. */
static size_t clear_dead_weak(MarkCompact *mc, Runtime *rt) {
  size_t cleared = 0;
  for (size_t i = 0; i < mc->ephemerons.count; i++) {
    FixedArray *t = (FixedArray *)mc->ephemerons.items[i];
    uint32_t len = (uint32_t)value_to_int32(t->length);
    for (uint32_t k = EPHEMERON_FIRST_ENTRY; k + 1 < len; k += 2) {
      rd_value key = t->data[k];
      if (!value_is_ptr(key) || heap_is_marked(value_to_ptr(key))) continue;
      t->data[k] = EPHEMERON_DELETED;
      t->data[k + 1] = VALUE_UNDEFINED;
      t->data[EPHEMERON_COUNT] = value_from_int32(value_to_int32(t->data[EPHEMERON_COUNT]) - 1);
      t->data[EPHEMERON_DELETED_COUNT] = value_from_int32(value_to_int32(t->data[EPHEMERON_DELETED_COUNT]) + 1);
      cleared++;
    }
  }
  FixedArray *state = value_is_ptr(ROOT(rt, weak_state)) ? FIXED_ARRAY(ROOT(rt, weak_state)) : NULL;
  for (size_t i = 0; i < mc->weak_objects.count; i++) {
    HeapObject *o = mc->weak_objects.items[i];
    if (heap_object_map(o)->instance_type == TYPE_JS_WEAK_REF) {
      JSWeakRef *w = (JSWeakRef *)o;
      if (value_is_ptr(w->target) && !heap_is_marked(value_to_ptr(w->target))) {
        w->target = VALUE_UNDEFINED;
        cleared++;
      }
      continue;
    }
    WeakCell *c = (WeakCell *)o;
    if (value_is_ptr(c->token) && !heap_is_marked(value_to_ptr(c->token))) c->token = VALUE_UNDEFINED;
    if (!value_is_ptr(c->target) || heap_is_marked(value_to_ptr(c->target))) continue;
    c->target = VALUE_UNDEFINED;
    cleared++;
    JSFinalizationRegistry *r = (JSFinalizationRegistry *)value_to_ptr(c->registry);
    if (state && r->next_dirty == VALUE_UNDEFINED) {   /* marked: the cell holds it strongly */
      r->next_dirty = state->data[WEAK_STATE_DIRTY_REGISTRIES];
      state->data[WEAK_STATE_DIRTY_REGISTRIES] = c->registry;
    }
  }
  worklist_free(&mc->ephemerons);
  worklist_free(&mc->weak_objects);
  return cleared;
}

static void clear_marks(PageList *l) {
  PAGE_LIST_FOREACH(pg, l) {
    page_clear_marks(pg);
    pg->live_bytes = 0;
  }
}

/* --- 2. weak processing ----------------------------------------------------------------------- */
static rd_value retain_if_marked(WeakRetainer *w, rd_value v) {
  (void)w;
  return value_is_ptr(v) && !heap_is_marked(value_to_ptr(v)) ? VALUE_EMPTY : v;
}

/* --- 3/4. evacuation --------------------------------------------------------------------------- */
static bool page_is_moving(const Page *pg) {
  return (pg->flags & (PAGE_YOUNG | PAGE_EVACUATION_CANDIDATE)) != 0;
}

static size_t select_candidates(PagedSpace *s) {
  size_t n = 0;
  PAGE_LIST_FOREACH(pg, &s->pages) {
    bool sparse = pg->live_bytes <= PAGE_AREA_SIZE / 2;
    if (pg->live_bytes > 0 && (FLAG_stress_compaction || sparse) &&
        !page_has(pg, PAGE_NEVER_EVACUATE)) {
      pg->flags |= PAGE_EVACUATION_CANDIDATE;
      n++;
    }
  }
  return n;
}

/* Copies a live object off a moving page into its target space. */
static void evacuate_object(HeapObject *o, void *arg) {
  Heap *h = arg;
  Page *pg = page_of(o);
  PagedSpace *target = pg->space->id == SPACE_CODE ? &h->code_space : &h->old_space;
  size_t size = heap_object_size(o);
  HeapObject *to = paged_space_allocate(target, size, false);
  if (!to) FATAL("out of memory while evacuating %zu bytes during a mark-compact", size);
  memcpy(to, o, size);
  heap_mark(to);
  page_of(to)->live_bytes += size;
  if (pg->flags & PAGE_YOUNG) h->stats.last_promoted += size;
  heap_set_forwarding(o, to);
}

/* --- 5. pointer updating ------------------------------------------------------------------------- */
RD_INLINE void update_slot(rd_value *slot) {
  rd_value v = *slot;
  if (!value_is_ptr(v)) return;
  HeapObject *o = value_to_ptr(v);
  if (!page_is_moving(page_of(o))) return;
  ASSERT(heap_is_forwarded(o), "live pointer to an object that was not evacuated");
  *slot = value_from_ptr(heap_forwardee(o));
}

static void update_root_range(RootVisitor *v, rd_value *start, rd_value *end) {
  (void)v;
  for (rd_value *p = start; p < end; p++) update_slot(p);
}

static rd_value retain_forwarded(WeakRetainer *w, rd_value v) {
  (void)w;
  if (value_is_ptr(v) && page_is_moving(page_of_value(v)))
    return value_from_ptr(heap_forwardee(value_to_ptr(v)));
  return v;
}

static void update_object(HeapObject *o, void *arg) {
  (void)arg;
  update_slot(&o->map);   /* maps move too; update before reading the layout */
  uint32_t start, end;
  heap_object_body(o, heap_object_map(o), &start, &end);
  for (uint32_t off = start; off < end; off += 8) update_slot((rd_value *)((char *)o + off));
}

/* --- 6. sweeping ------------------------------------------------------------------------------------ */
typedef struct SweepState {
  PagedSpace *space;
  uintptr_t free_start;
} SweepState;

static void sweep_live(HeapObject *o, void *arg) {
  SweepState *st = arg;
  if ((uintptr_t)o > st->free_start) free_list_add(st->space, st->free_start, (uintptr_t)o - st->free_start);
  st->free_start = (uintptr_t)o + heap_object_size(o);
}

/* Sweeps a paged space: releases candidate and empty pages, rebuilds the free list. */
static size_t sweep_space(Heap *h, PagedSpace *s) {
  size_t freed = 0;
  /* Evacuation's retired allocation areas are gaps the sweep finds again. */
  paged_space_free_list_reset(s);
  PAGE_LIST_FOREACH(pg, &s->pages) {
    page_slot_set_free(pg);
    if (page_has(pg, PAGE_EVACUATION_CANDIDATE) || pg->live_bytes == 0) {
      freed += PAGE_AREA_SIZE - (page_has(pg, PAGE_EVACUATION_CANDIDATE) ? pg->live_bytes : 0);
      page_list_remove(&s->pages, pg);
      s->committed -= PAGE_SIZE;
      page_release(pg);
      continue;
    }
    SweepState st = {s, pg->area_start};
    for_each_marked(pg, sweep_live, &st);
    if (st.free_start < pg->area_end) free_list_add(s, st.free_start, pg->area_end - st.free_start);
    freed += PAGE_AREA_SIZE - pg->live_bytes;
  }
  (void)h;
  return freed;
}

void heap_mark_compact(Heap *h) {
  Runtime *rt = heap_runtime(h);
  MarkCompact mc = {{mark_root_range}, h, &h->worklist, {0}, {0}};
  size_t code_before = paged_space_size(&h->code_space);

  /* 1. mark */
  clear_marks(&h->new_space.active);
  clear_marks(&h->old_space.pages);
  clear_marks(&h->code_space.pages);
  clear_marks(&h->large_space.pages);
  runtime_visit_roots(rt, &mc.roots);
  mark_to_fixpoint(&mc);

  /* 2. weak holders (the weak objects first: dead referents are intact) */
  size_t weak_objects_cleared = clear_dead_weak(&mc, rt);
  WeakRetainer clear = {retain_if_marked};
  h->stats.last_weak_cleared = runtime_process_weak_roots(rt, &clear) + weak_objects_cleared;

  /* 3. select; free lists are rebuilt by the sweep */
  select_candidates(&h->old_space);   /* code space never compacts (see above) */
  paged_space_free_list_reset(&h->old_space);
  paged_space_free_list_reset(&h->code_space);

  /* 4. evacuate young pages, then candidates (page lists may grow meanwhile) */
  for (Page *pg = h->new_space.active.first; pg; pg = pg->next) {
    for_each_marked(pg, evacuate_object, h);
    if (pg == h->new_space.current) break;
  }
  PagedSpace *spaces[] = {&h->old_space, &h->code_space};
  for (size_t i = 0; i < 2; i++)
    for (Page *pg = spaces[i]->pages.first; pg; pg = pg->next)
      if (page_has(pg, PAGE_EVACUATION_CANDIDATE)) for_each_marked(pg, evacuate_object, h);
  paged_space_retire_lab(&h->old_space);
  paged_space_retire_lab(&h->code_space);

  /* 5. update pointers */
  RootVisitor update = {update_root_range};
  runtime_visit_roots(rt, &update);
  WeakRetainer forward = {retain_forwarded};
  runtime_process_weak_roots(rt, &forward);
  for (size_t i = 0; i < 2; i++)
    PAGE_LIST_FOREACH(pg, &spaces[i]->pages)
      if (!page_has(pg, PAGE_EVACUATION_CANDIDATE)) for_each_marked(pg, update_object, NULL);
  PAGE_LIST_FOREACH(pg, &h->large_space.pages)
    if (heap_is_marked((void *)pg->area_start)) update_object((HeapObject *)pg->area_start, NULL);

  /* 6. sweep */
  sweep_space(h, &h->old_space);
  sweep_space(h, &h->code_space);
  PAGE_LIST_FOREACH(pg, &h->large_space.pages) {
    page_slot_set_free(pg);
    if (!heap_is_marked((void *)pg->area_start)) {
      if (page_has(pg, PAGE_CODE)) h->stats.last_code_freed += pg->size;
      large_space_free_page(h, pg);
    }
  }
  new_space_reset(h);
  size_t code_after = paged_space_size(&h->code_space);
  if (code_before > code_after) h->stats.last_code_freed += code_before - code_after;
}
