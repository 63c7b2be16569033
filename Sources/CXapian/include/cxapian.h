#ifndef EVIDENCE_CXAPIAN_H
#define EVIDENCE_CXAPIAN_H
/*
 * A plain C API over libxapian (C++). Translation of calls and errors only: every entry
 * point catches C++ exceptions and reports them through `char **error` (malloc'd, freed
 * by the caller with cxapian_free_string), so no exception ever crosses into Swift.
 * Filled in by the search work (issue 3).
 */
#ifdef __cplusplus
extern "C" {
#endif

/* The libxapian version string, e.g. "1.4.22" (static storage). */
const char *cxapian_version(void);

#ifdef __cplusplus
}
#endif
#endif
