#ifndef EVIDENCE_CTESSERACT_SHIM_H
#define EVIDENCE_CTESSERACT_SHIM_H
/*
 * The Tesseract C API the COCR shim compiles against. Swift never imports this module (it
 * calls the shim's own header): it exists so that SwiftPM takes the include paths and the
 * library from pkg-config (see Package.swift).
 */
#include <tesseract/capi.h>
#endif
