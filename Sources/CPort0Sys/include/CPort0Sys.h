#ifndef PORT0_CPORT0SYS_H
#define PORT0_CPORT0SYS_H
#include <stddef.h>
/* The few Linux calls that SwiftGlibc does not import (they need _GNU_SOURCE). */

/* setns(fd, CLONE_NEWNET) on the calling thread; 0 or -1 with errno. */
int port0_setns_net(int fd);

/* unshare(CLONE_NEWNET): the calling thread moves to a new, empty network namespace. */
int port0_unshare_net(void);

/* pipe2(fds, O_CLOEXEC): neither end leaks into spawned programs. */
int port0_pipe_cloexec(int fds[2]);

/* Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and returns a signalfd
   (O_CLOEXEC | O_NONBLOCK) that reports them, or -1 with errno. */
int port0_signalfd_open(void);

/* The next signal queued on a port0_signalfd_open descriptor: its number, 0 when none is
   queued, -1 with errno on error. */
int port0_signalfd_next(int fd);

/* Sends `message` as one datagram to the AF_UNIX socket `path` (systemd's NOTIFY_SOCKET;
   a leading '@' names an abstract socket). 0 or -1 with errno. */
int port0_notify_datagram(const char *path, const char *message);

/* 1 when fd is a namespace file (nsfs), 0 when it is not, -1 with errno when fstatfs fails.
   Another namespace type is refused later by setns (EINVAL). */
int port0_is_netns_file(int fd);

/* malloc_trim(0): hands the heap's free pages back to the kernel. After a large list's
   chunks are freed, their pages would otherwise stay resident (glibc keeps freed heap
   memory below the top of the heap). */
void port0_release_free_heap(void);

/* Zeroed anonymous pages of their own (mmap), grown in place or moved without copying
   (mremap MREMAP_MAYMOVE), and returned to the kernel when freed: NULL on failure. */
void *port0_pages_alloc(size_t size);
void *port0_pages_grow(void *pages, size_t size, size_t new_size);
void port0_pages_free(void *pages, size_t size);

#endif
