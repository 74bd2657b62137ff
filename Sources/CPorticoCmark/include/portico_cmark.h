#ifndef PORTICO_CMARK_H
#define PORTICO_CMARK_H

/// 1 once cmark-gfm's calls to `cmark_manage_extensions_special_characters` have reached
/// Portico's own version (below), which keeps the extensions' special characters in the
/// inline parser's table instead of removing them after each parse; 0 before the first
/// parse, and always where the system does not let an executable replace a library's call
/// (then inline parsing must take turns).
int portico_cmark_special_characters_pinned(void);

#endif
