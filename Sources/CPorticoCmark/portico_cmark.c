// cmark-gfm keeps the inline parser's special characters in one process-wide table. Each
// `cmark_parser_finish` adds its extensions' characters (`~`, `:`, `w`, ...) before parsing
// inlines and removes them after, so a parse running beside another one can lose them half way
// and leave `~~struck~~` as plain text (cmark-gfm issue #176). This file defines the function
// the library calls for that (through its procedure linkage table), so the executable's
// definition is the one used: characters are added once per extension, under a lock, and never
// removed. A character that stays special for a parser without its extension only sends the
// parser to the extensions, which find nothing and leave it as text.
#define _GNU_SOURCE
#include "portico_cmark.h"
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

static atomic_int pinned = 0;
static pthread_mutex_t pinning = PTHREAD_MUTEX_INITIALIZER;
/// Extensions whose characters are in the table (a parser has a handful; Portico uses five).
static const void *added[64];
static int addedCount = 0;

static int isAdded(const void *extension) {
    for (int index = 0; index < addedCount; index++) {
        if (added[index] == extension) return 1;
    }
    return 0;
}

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    static void (*original)(cmark_parser *, int);
    pthread_mutex_lock(&pinning);
    if (!original) {
        original = (void (*)(cmark_parser *, int))dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
        // Without the library's own version nothing can be added: the table is never touched.
        if (!original) abort();
        atomic_store(&pinned, 1);
    }
    if (add) {
        int missing = 0;
        for (cmark_llist *item = cmark_parser_get_syntax_extensions(parser); item; item = item->next) {
            if (!isAdded(item->data)) missing = 1;
        }
        if (missing) {
            original(parser, 1);
            for (cmark_llist *item = cmark_parser_get_syntax_extensions(parser); item; item = item->next) {
                if (!isAdded(item->data) && addedCount < 64) added[addedCount++] = item->data;
            }
        }
    }
    pthread_mutex_unlock(&pinning);
}

int portico_cmark_special_characters_pinned(void) {
    return atomic_load(&pinned);
}
