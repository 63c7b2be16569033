#ifndef EVIDENCE_CLIBEXIF_SHIM_H
#define EVIDENCE_CLIBEXIF_SHIM_H
/*
 * The libexif headers the CExif shim compiles against. Swift never imports this module (it
 * calls the shim's own header): it exists so that SwiftPM takes the include paths and the
 * library from pkg-config (see Package.swift).
 */
#include <libexif/exif-data.h>
#endif
