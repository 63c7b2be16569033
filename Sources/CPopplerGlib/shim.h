#ifndef EVIDENCE_CPOPPLERGLIB_SHIM_H
#define EVIDENCE_CPOPPLERGLIB_SHIM_H
/*
 * The poppler-glib header the CPDFAnnotations shim compiles against. Swift never imports this
 * module (it calls the shim's own header): it exists so that SwiftPM takes the include paths
 * and the libraries from pkg-config (see Package.swift).
 */
#include <poppler.h>
#endif
