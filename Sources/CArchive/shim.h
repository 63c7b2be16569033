#ifndef EVIDENCE_CARCHIVE_SHIM_H
#define EVIDENCE_CARCHIVE_SHIM_H
/* libarchive's reading API, called directly from Swift (Sources/SearchIndex/Extraction/Archive*.swift). */
#include <archive.h>
#include <archive_entry.h>
#endif
