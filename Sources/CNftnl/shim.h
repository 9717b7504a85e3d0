#ifndef PORT0_CNFTNL_SHIM_H
#define PORT0_CNFTNL_SHIM_H
/* glibc first: linux/libc-compat.h then skips its own in_addr/in6_addr, which would
   otherwise clash with SwiftGlibc's. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>
#include <libnftnl/table.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/expr.h>
#include <libnftnl/set.h>
#include <libnftnl/object.h>
#include <libnftnl/batch.h>
#include <libnftnl/gen.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>

/* MNL_SOCKET_BUFFER_SIZE is a sysconf() expression: Swift imports no such macro. */
static inline size_t port0_mnl_socket_buffer_size(void) { return MNL_SOCKET_BUFFER_SIZE; }

/* NLMSG_ALIGN is a function-like macro (4-byte netlink alignment). */
static inline size_t port0_nlmsg_align(size_t len) { return NLMSG_ALIGN(len); }

/* The per-object nftnl_*_nlmsg_build_hdr names are #define aliases of nftnl_nlmsg_build_hdr,
   which imports as a function: Swift calls that directly, so no shim is needed for them.
   Debian's 6.1 UAPI headers have every constant port0 uses (NFNL_BATCH_GENID,
   NETLINK_EXT_ACK, NLMSGERR_ATTR_MSG), so none is redefined here. */
#endif
