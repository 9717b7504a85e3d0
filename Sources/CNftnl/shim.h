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
#endif
