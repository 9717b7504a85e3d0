/* rawsend IFNAME HEXFRAME...: sends each Ethernet frame once on IFNAME through an AF_PACKET
 * SOCK_RAW socket (the frame as given: no checksums or lengths are fixed up). Used by
 * scripts/kernel-checks, in the VM (busybox has no raw sender) and on the host; built static
 * by scripts/test-kernel. A frame dropped at the sender's netdev egress hook fails its send with
 * ENOBUFS (NET_XMIT_DROP): it is named on stderr and the rest are still sent.
 * Exit 0 all sent, 3 all sent but some dropped on transmit (ENOBUFS), 1 a send failed,
 * 2 bad arguments. */
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rawsend IFNAME HEXFRAME...\n");
        return 2;
    }
    unsigned index = if_nametoindex(argv[1]);
    if (index == 0) {
        fprintf(stderr, "rawsend: no such interface '%s'\n", argv[1]);
        return 2;
    }
    int fd = socket(AF_PACKET, SOCK_RAW, 0);
    struct sockaddr_ll address = {.sll_family = AF_PACKET, .sll_ifindex = (int)index};
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("rawsend: AF_PACKET socket");
        return 1;
    }
    int dropped = 0;
    for (int i = 2; i < argc; i++) {
        static unsigned char frame[2048];
        size_t digits = strlen(argv[i]), length = digits / 2;
        if (digits % 2 != 0 || length < 14 || length > sizeof frame) {
            fprintf(stderr, "rawsend: frame %d: expected 28 to 4096 hex digits, got %zu\n", i - 1, digits);
            return 2;
        }
        for (size_t k = 0; k < length; k++) {
            int high = hexval(argv[i][2 * k]), low = hexval(argv[i][2 * k + 1]);
            if (high < 0 || low < 0) {
                fprintf(stderr, "rawsend: frame %d: '%.2s' is not a hex byte\n", i - 1, argv[i] + 2 * k);
                return 2;
            }
            frame[k] = (unsigned char)(high << 4 | low);
        }
        if (send(fd, frame, length, 0) != (ssize_t)length) {
            if (errno == ENOBUFS) {
                fprintf(stderr, "rawsend: frame %d dropped on transmit (ENOBUFS)\n", i - 1);
                dropped++;
                continue;
            }
            perror("rawsend: send");
            return 1;
        }
    }
    close(fd);
    return dropped > 0 ? 3 : 0;
}
