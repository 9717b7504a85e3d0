/* pppoe-session IFNAME PEER-MAC SESSION: brings up a PPP device over a PPPoE session on IFNAME
 * without pppd (no LCP/IPCP: both ends are test fixtures), the way pppd's rp-pppoe plugin does
 * it: a PPPoE socket connected to (SESSION, PEER-MAC, IFNAME), its channel attached to a new
 * PPP unit. Prints the unit's device name ("ppp0") and keeps the device until it is killed.
 * Used by scripts/kernel-checks (in the VM and on the host); built static by
 * scripts/test-kernel. Exit 1 a call failed (named on stderr), 2 bad arguments. */
#include <endian.h>
#include <fcntl.h>
#include <linux/if_pppox.h>
#include <linux/ppp-ioctl.h>
#include <linux/ppp_defs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(const char *what) {
    perror(what);
    return 1;
}

int main(int argc, char **argv) {
    unsigned mac[6], session;
    char end;
    if (argc != 4 || strlen(argv[1]) >= IFNAMSIZ
        || sscanf(argv[2], "%2x:%2x:%2x:%2x:%2x:%2x%c", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5], &end) != 6
        || sscanf(argv[3], "%u%c", &session, &end) != 1 || session == 0 || session > 0xfffe) {
        fprintf(stderr, "usage: pppoe-session IFNAME PEER-MAC SESSION (e.g. v1 02:00:00:00:00:01 4660)\n");
        return 2;
    }
    int sock = socket(AF_PPPOX, SOCK_STREAM, PX_PROTO_OE);
    if (sock < 0) return fail("pppoe-session: PPPoE socket");
    struct sockaddr_pppox address = {.sa_family = AF_PPPOX, .sa_protocol = PX_PROTO_OE};
    address.sa_addr.pppoe.sid = htobe16((unsigned short)session);
    for (int i = 0; i < 6; i++) address.sa_addr.pppoe.remote[i] = (unsigned char)mac[i];
    strcpy(address.sa_addr.pppoe.dev, argv[1]);
    // The struct is packed: connect(2) gets an aligned copy.
    union {
        struct sockaddr plain;
        unsigned char bytes[sizeof address];
    } aligned;
    memcpy(aligned.bytes, &address, sizeof address);
    if (connect(sock, &aligned.plain, sizeof address) != 0) return fail("pppoe-session: connect");
    int channel;
    if (ioctl(sock, PPPIOCGCHAN, &channel) != 0) return fail("pppoe-session: PPPIOCGCHAN");
    int channel_fd = open("/dev/ppp", O_RDWR), unit_fd = open("/dev/ppp", O_RDWR);
    if (channel_fd < 0 || unit_fd < 0) return fail("pppoe-session: /dev/ppp");
    int unit = -1;
    if (ioctl(channel_fd, PPPIOCATTCHAN, &channel) != 0) return fail("pppoe-session: PPPIOCATTCHAN");
    if (ioctl(unit_fd, PPPIOCNEWUNIT, &unit) != 0) return fail("pppoe-session: PPPIOCNEWUNIT");
    if (ioctl(channel_fd, PPPIOCCONNECT, &unit) != 0) return fail("pppoe-session: PPPIOCCONNECT");
    // What IPCP/IPV6CP would open: the unit passes IPv4 and IPv6.
    struct npioctl ipv4 = {.protocol = PPP_IP, .mode = NPMODE_PASS}, ipv6 = {.protocol = PPP_IPV6, .mode = NPMODE_PASS};
    if (ioctl(unit_fd, PPPIOCSNPMODE, &ipv4) != 0 || ioctl(unit_fd, PPPIOCSNPMODE, &ipv6) != 0)
        return fail("pppoe-session: PPPIOCSNPMODE");
    printf("ppp%d\n", unit);
    fflush(stdout);
    pause();
    return 0;
}
