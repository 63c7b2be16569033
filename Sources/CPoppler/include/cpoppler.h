#ifndef EVIDENCE_CPOPPLER_H
#define EVIDENCE_CPOPPLER_H
/*
 * A plain C API over poppler-cpp for PDF text extraction. Translation of calls and errors
 * only; no C++ exception crosses into Swift: every function catches, and reports failure by
 * its return value and, where it has one, an error string (malloc'd; free with free()).
 * Strings returned are UTF-8, malloc'd, with their length (they may contain NUL bytes).
 */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The poppler version string (malloc'd; free with free()). */
char *cpoppler_version(void);

/* Frees a string returned by this API (so Swift needs no libc import for it). */
void cpoppler_free(void *pointer);

/* An open PDF document. */
typedef struct cpoppler_document cpoppler_document;

/*
 * Opens a PDF from memory, trying the empty password. poppler does not copy the bytes:
 * they must stay valid and unchanged until cpoppler_close. Returns NULL when the data is not
 * a PDF poppler can open (with *error set when poppler gave a reason). Silences poppler's
 * diagnostics on stderr (once, process-wide).
 */
cpoppler_document *cpoppler_open(const char *data, size_t length, char **error);
void cpoppler_close(cpoppler_document *document);

/* 1 when the document needs a password that was not given (so nothing can be read), else 0. */
int cpoppler_is_locked(const cpoppler_document *document);
/* 1 when the document is encrypted (perhaps readable with the empty password), else 0. */
int cpoppler_is_encrypted(const cpoppler_document *document);
/* The number of pages, or -1 on error. */
int cpoppler_page_count(const cpoppler_document *document, char **error);

/*
 * The text of page `index` (0-based) in reading order (poppler's non-raw, non-physical
 * layout: what pdftotext prints by default), UTF-8, malloc'd, its byte count in *length.
 * NULL on error, with *error set.
 */
char *cpoppler_page_text(const cpoppler_document *document, int index, size_t *length, char **error);

/*
 * The Info dictionary string entry `key` ("Title", "Author", "Subject", "Keywords", "Creator",
 * "Producer"), UTF-8, malloc'd; NULL when absent or empty or on error.
 */
char *cpoppler_info_string(const cpoppler_document *document, const char *key, size_t *length);

/*
 * The Info dictionary date entry `key` ("CreationDate", "ModDate") as seconds since 1970 UTC
 * in *seconds; returns 1 when present and valid, 0 otherwise.
 */
int cpoppler_info_date(const cpoppler_document *document, const char *key, int64_t *seconds);

/*
 * Page `index` (0-based) rendered as 8-bit greyscale at `dpi` (for OCR), malloc'd (free with
 * cpoppler_free): *width x *height pixels, *bytes_per_line bytes per row. NULL with *error
 * set when it cannot be rendered (poppler-cpp built without a renderer, a damaged page).
 * The caller bounds the size first with cpoppler_page_size.
 */
unsigned char *cpoppler_page_render_gray(const cpoppler_document *document, int index, double dpi, int *width,
                                         int *height, int *bytes_per_line, char **error);

/* The page's crop box in points (1/72 inch), as shown (rotation applied): 1, or 0 with *error set. */
int cpoppler_page_size(const cpoppler_document *document, int index, double *width, double *height, char **error);

#ifdef __cplusplus
}
#endif
#endif
