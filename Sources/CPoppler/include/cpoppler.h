#ifndef EVIDENCE_CPOPPLER_H
#define EVIDENCE_CPOPPLER_H
/*
 * A plain C API over poppler-cpp for PDF text extraction. Translation of calls and errors
 * only; no C++ exception crosses into Swift. Filled in by the search work (issue 3).
 */
#ifdef __cplusplus
extern "C" {
#endif

/* The poppler version string (malloc'd; free with free()). */
char *cpoppler_version(void);

#ifdef __cplusplus
}
#endif
#endif
