#ifndef EVIDENCE_CPOPPLERCPP_SHIM_H
#define EVIDENCE_CPOPPLERCPP_SHIM_H
/*
 * The poppler-cpp headers the CPoppler shim compiles against. Swift never imports this
 * module (poppler-cpp is C++; Swift calls the shim's C header): it exists so that SwiftPM
 * takes the include paths and the library from pkg-config (see Package.swift).
 */
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-page-renderer.h>
#include <poppler-image.h>
#include <poppler-version.h>
#endif
