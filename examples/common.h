/* Shared by the examples: packet headers without pulling in the kernel's own headers. */
#ifndef TSBPF_EXAMPLES_COMMON_H
#define TSBPF_EXAMPLES_COMMON_H
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#endif
