#ifndef EVIDENCE_CLEPTONICA_SHIM_H
#define EVIDENCE_CLEPTONICA_SHIM_H
/*
 * The leptonica headers the COCR shim compiles against (image decoding for OCR). Swift never
 * imports this module (it calls the shim's own header): it exists so that SwiftPM takes the
 * include paths and the library from pkg-config (see Package.swift).
 */
#include <leptonica/allheaders.h>
#endif
