#ifndef EVIDENCE_SYSTEM_CALLS_H
#define EVIDENCE_SYSTEM_CALLS_H
/* Linux calls that Swift's Glibc module does not export (they need _GNU_SOURCE). */

/* syncfs(2): flush every dirty page and inode of the file system holding fd. Returns 0 or -1 (errno). */
int evidence_syncfs(int fd);


/* memfd_create(2) with MFD_CLOEXEC: an anonymous file in memory (never on a disk). Returns fd or -1 (errno). */
int evidence_memfd_create(const char *name);

/* The O_DIRECT open flag (0 where the platform has none). */
int evidence_o_direct(void);

/* The O_TMPFILE open flag (0 where the platform has none). */
int evidence_o_tmpfile(void);

/* The AT_EMPTY_PATH flag of linkat(2) (0 where the platform has none). */
int evidence_at_empty_path(void);

/* No core dumps from this process: RLIMIT_CORE 0 and, on Linux, prctl(PR_SET_DUMPABLE, 0)
   (prctl is variadic, which Swift cannot call). Returns 0, or -1 (errno) if either failed. */
int evidence_disable_core_dumps(void);

/* Overwrites with zero bytes, in place, the value of every NAME=value string in environ (the
   memory /proc/PID/environ shows for the strings the process started with), then unsetenv(NAME). */
void evidence_scrub_environment(const char *name);

#endif
