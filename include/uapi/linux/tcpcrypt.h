/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tcpcrypt: opportunistic encryption of TCP - userspace interface.
 *
 * Counters
 * --------
 * Each network namespace has the text file /proc/net/tcpcrypt_stat
 * (TCPCRYPT_PROC_STAT below, relative to /proc/net), one counter per line
 * in the form "<Name> <decimal value>", as nstat(8) reads them. Every name
 * starts with "Tcpcrypt". Counters only grow; new counters are appended at
 * the end, so a reader must look names up rather than rely on positions.
 *
 *   TcpcryptOutSegs          TCP segments sent while tcpcrypt was on
 *   TcpcryptInSegs           TCP segments received while tcpcrypt was on
 *   TcpcryptOutSyns          SYNs sent (active opens)
 *   TcpcryptInSyns           SYNs received (passive opens)
 *   TcpcryptOutSynAcks       SYN-ACKs sent
 *   TcpcryptInSynAcks        SYN-ACKs received
 *   TcpcryptIpv4Segs         TCP segments seen over IPv4, either direction
 *   TcpcryptIpv6Segs         TCP segments seen over IPv6, either direction
 *   TcpcryptMalformedSegs    segments whose TCP header is truncated or
 *                            whose data offset is impossible; passed to TCP,
 *                            which drops them
 *   TcpcryptFragmentsPassed  IP fragments carrying TCP, passed untouched
 *   TcpcryptSkippedDisabled  segments passed untouched because tcpcrypt is
 *                            switched off in the namespace
 *
 * Module parameters (modinfo tcpcrypt lists them)
 * -----------------------------------------------
 *   enable=0|1   whether tcpcrypt starts switched on in each namespace
 *                (default 1)
 */
#ifndef _UAPI_LINUX_TCPCRYPT_H
#define _UAPI_LINUX_TCPCRYPT_H

/* Name of the per-namespace counters file under /proc/net. */
#define TCPCRYPT_PROC_STAT	"tcpcrypt_stat"

/*
 * Connections tcpcrypt handles in the namespace, readable by root only:
 * a header line, then per connection
 *   local remote role state pubkey suite sid segs_out segs_in mac_failures
 * with addresses as a.b.c.d:port or [v6]:port, role client (sent INIT1) or
 * server, the state name, the public-key cipher and symmetric suite names
 * ("-" until known), the 32-byte session ID in hex ("-" until encrypting)
 * and the connection's counters.
 */
#define TCPCRYPT_PROC_CONNS	"tcpcrypt_conns"

/* Prefix every counter name in that file starts with. */
#define TCPCRYPT_STAT_PREFIX	"Tcpcrypt"

#endif /* _UAPI_LINUX_TCPCRYPT_H */
