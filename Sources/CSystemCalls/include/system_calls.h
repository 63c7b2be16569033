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

#endif
