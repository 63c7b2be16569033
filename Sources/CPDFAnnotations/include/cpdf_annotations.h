#ifndef EVIDENCE_CPDF_ANNOTATIONS_H
#define EVIDENCE_CPDF_ANNOTATIONS_H
/*
 * The text of a PDF's annotations (comments, sticky notes, free text, the comments on
 * highlights and other markup) through poppler-glib, which exposes annotations where
 * poppler-cpp does not. A separate shim from CPoppler because the two poppler APIs ship
 * headers of the same names (poppler-page.h, poppler-document.h) that cannot share one
 * include path.
 *
 * Strings returned are UTF-8, malloc'd (free with cpdf_annotations_free), with their length.
 */
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cpdf_annotations cpdf_annotations;

/*
 * Opens a PDF from memory with the empty password. The bytes are not copied: they must stay
 * valid and unchanged until cpdf_annotations_close. NULL when poppler cannot open it (with
 * *error set when poppler gave a reason).
 */
cpdf_annotations *cpdf_annotations_open(const char *data, size_t length, char **error);
void cpdf_annotations_close(cpdf_annotations *document);

/*
 * The annotations of page `index` (0-based) in the page's order, links and form fields left
 * out: each one's contents, then its author, each on a line of its own, a line given once per
 * page. At most about `max_bytes` bytes and `max_annotations` annotations are read. An empty
 * string when the page has none; NULL with *error set when the page cannot be read.
 */
char *cpdf_annotations_page_text(cpdf_annotations *document, int index, size_t max_bytes, int max_annotations,
                                 size_t *length, char **error);

void cpdf_annotations_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
