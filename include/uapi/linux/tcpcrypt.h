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
 *   TcpcryptConnsCreated     connections taken on (a SYN sent or received
 *                            offering tcpcrypt)
 *   TcpcryptConnLimitReached connections left plain: max_conns reached
 *   TcpcryptHandshakeLimitReached  handshakes that found max_handshakes
 *                            already doing public-key work: a client's
 *                            connection is left plain, a server's INIT1
 *                            waits for TCP's next SYN-ACK
 *   TcpcryptHandshakesCompleted    handshakes that reached encryption
 *   TcpcryptHandshakesFailed handshakes that failed after INIT1 (the
 *                            connection's segments are then dropped)
 *   TcpcryptHandshakeTimeouts      handshakes that expired unfinished
 *   TcpcryptFallbackPeerNoHello    SYNs received without HELLO (plain TCP)
 *   TcpcryptFallbackPeerNoPkconf   SYN-ACKs without a usable PKCONF, or no
 *                            common suite (plain TCP)
 *   TcpcryptFallbackPeerNoInit1    clients that went plain after our PKCONF
 *   TcpcryptFallbackNoOptionRoom   connections left plain: no room for the
 *                            CRYPT option
 *   TcpcryptBadHandshakeMessages   malformed or unacceptable INIT1/INIT2
 *   TcpcryptInit1Resent      INIT1 attached again to a repeated third ACK
 *   TcpcryptInit2Retransmits INIT2 retransmissions by the server's module
 *   TcpcryptOutProtectedSegs segments encrypted and MACed
 *   TcpcryptInVerifiedSegs   segments whose MAC verified
 *   TcpcryptInMacFailures    segments dropped: MAC did not verify
 *   TcpcryptInDropNoMac      segments dropped: no MAC on an encrypted
 *                            connection
 *   TcpcryptInDropMacNoConn  segments dropped: MAC option but no known
 *                            connection (ciphertext never reaches TCP)
 *   TcpcryptInChecksumErrors segments dropped: wrong TCP checksum
 *   TcpcryptInDropDuringHandshake  received segments dropped while keys
 *                            did not exist yet (the sender repeats them)
 *   TcpcryptOutDropDuringHandshake sent segments dropped while keys did not
 *                            exist yet (TCP repeats them)
 *   TcpcryptOutDropNoOptionRoom    segments dropped: sealing failed
 *   TcpcryptSackBlocksTrimmed      SACK blocks left out to fit the MAC
 *   TcpcryptGsoSegmented     GSO/GRO skbs split to protect each segment
 *   TcpcryptIcmpTranslated   ICMP errors whose quoted sequence number was
 *                            moved back to the local numbering
 *   TcpcryptV02Init2RetxDropped    v0.2's encrypted INIT2 retransmissions
 *                            dropped instead of delivered
 *   TcpcryptDropNoMemory     segments dropped for lack of memory
 *   TcpcryptAbortedOnExit    encrypted connections reset because the
 *                            module was unloaded or the namespace went
 *   TcpcryptSkippedExcluded  connections left plain: excluded port
 *   TcpcryptInitMarkStripped INIT messages recognised although a middlebox
 *                            removed their CRYPT option
 *   TcpcryptSkippedBySocket  connections left plain by their socket
 *                            (TCP_CRYPT_ENABLE 0, TCP_CRYPT_CMODE_NEVER)
 *   TcpcryptRefusedRequired  connections refused because tcpcrypt was
 *                            required (TCP_CRYPT_CMODE_ALWAYS or
 *                            TCP_CRYPT_SUPPORT 2) and could not be had
 *   TcpcryptInDropUnauthRst  RSTs without a valid MAC ignored
 *                            (TCP_CRYPT_SECURST)
 *   TcpcryptHandshakesResumed      handshakes completed from the session
 *                            cache, without public-key work (also counted
 *                            in HandshakesCompleted)
 *   TcpcryptResumeOffered    SYNs sent with NEXTK1 (a cached session)
 *   TcpcryptResumeUnknown    resumptions that became full handshakes: the
 *                            server did not know the session (counted by
 *                            both ends)
 *   TcpcryptPublicKeyOps     handshakes that did public-key work (key
 *                            agreement or RSA) on this host
 *   TcpcryptFallbackNoKeyPair      connections left plain for lack of a
 *                            key: a client's short-lived pair worn out and
 *                            its replacement not ready yet, or RSA chosen
 *                            or alone offered with no RSA key loaded
 *   TcpcryptKeyPairsMade     short-lived key pairs generated (one per
 *                            cipher at start, then at every rotation)
 *   TcpcryptHeldSegs         segments held back while the workqueue did a
 *                            handshake's public-key work (INIT1 on the
 *                            server, INIT2 on the client); the number held
 *                            now is TCPCRYPT_A_HELD of TCPCRYPT_CMD_GET_STATS
 *
 * Settings, per namespace (new connections)
 * ------------------------------------------
 * Each setting has one name, used alike by its sysctl under
 * /proc/sys/net/tcpcrypt/, its module parameter, tcpcryptctl and the JSON
 * tcpcryptctl prints; its netlink attribute is TCPCRYPT_A_ and the name in
 * capitals. The module parameters (read-only, modinfo tcpcrypt lists them)
 * give the initial namespace its values at load; a network namespace
 * created later starts with a copy of the initial namespace's settings as
 * they are at that moment, not with the built-in defaults.
 *
 *   enabled           0 or 1
 *   max_conns         connections tracked at most
 *   max_handshakes    handshakes in progress at most (a server's counts
 *                     from a valid INIT1, a client's from its SYN)
 *   exclude_ports     ports (local or remote) left plain, e.g. "22,8000-8099"
 *   exclude_addrs     address prefixes (local or remote) left plain, e.g.
 *                     "10.0.0.0/8 fd00::/8"; at most 16
 *   pubkeys           public-key ciphers, in order: "p256 x25519"; "rsa3"
 *                     (OAEP-RSA-3) counts only while an RSA key is loaded
 *   suites            symmetric suites, preferred first: "chacha20 aes128"
 *   legacy            0 or 1: whether suites lists v0.2's aes128 (setting
 *                     it appends or removes aes128; off fails with EINVAL
 *                     while aes128 is the only suite)
 *   default_cmode     connection mode of sockets that choose none
 *                     (TCP_CRYPT_CMODE): "default" (opportunistic),
 *                     "always", "never", or one of those with "-nk"
 *                     appended (never resume a cached session)
 *   key_lifetime      seconds a short-lived key pair is used
 *   key_max_uses      connections a short-lived key pair serves at most
 *   cache_max         session cache entries at most; 0 turns the cache off.
 *                     Lowering it (or cache_lifetime) wipes at once the
 *                     cached sessions beyond the new bound.
 *   cache_lifetime    seconds a cached session may be resumed
 *
 * The numeric ones, with their ranges and built-in defaults, are listed in
 * TCPCRYPT_NUM_SETTINGS below. Deprecated: the module parameter "enable"
 * (0 there switches tcpcrypt off as enabled=0 does).
 *
 * Other module parameters: full_csum (compute rewritten segments'
 * checksums in software), selftest (run the known-answer tests at load),
 * keylog (debugging only: session secrets to the kernel log).
 *
 * Generic netlink family "tcpcrypt" (TCPCRYPT_GENL_NAME), version 1
 * -----------------------------------------------------------------
 * Every command acts on the network namespace of the netlink socket. The
 * family is not autoloaded: resolving its name while the module is absent
 * fails with ENOENT, because loading the module switches tcpcrypt on for
 * the whole host and only an administrator decides that. Commands
 * marked "admin" need CAP_NET_ADMIN in the user namespace that owns the
 * network namespace (GENL_UNS_ADMIN_PERM), others are open to everyone,
 * like /proc/net/tcpcrypt_stat and the sysctls' read side. Attributes are
 * validated strictly: unknown ones, wrong lengths and out-of-range values
 * are refused with EINVAL and an extended-ACK message.
 *
 * TCPCRYPT_CMD_GET_SESSIONS (admin; dump only, NLM_F_DUMP)
 *   Request: no attributes. Reply: messages of this command, each with
 *   TCPCRYPT_A_CONN nests, as many as fit; the dump goes on across
 *   messages until NLMSG_DONE. Connections come and go while a dump runs:
 *   each one appears at most once in a consistent dump; a message is
 *   flagged NLM_F_DUMP_INTR if the table was resized under the dump.
 *     TCPCRYPT_A_CONN: NLA_NESTED
 *       TCPCRYPT_CONN_A_FAMILY: NLA_U16, AF_INET or AF_INET6
 *       TCPCRYPT_CONN_A_LOCAL_ADDR: NLA_BINARY, 4 or 16 bytes
 *       TCPCRYPT_CONN_A_REMOTE_ADDR: NLA_BINARY, 4 or 16 bytes
 *       TCPCRYPT_CONN_A_LOCAL_PORT: NLA_U16, host byte order
 *       TCPCRYPT_CONN_A_REMOTE_PORT: NLA_U16, host byte order
 *       TCPCRYPT_CONN_A_ROLE: NLA_U8, TCP_CRYPT_ROLE_*
 *       TCPCRYPT_CONN_A_STATE: NLA_U8, enum tcpcrypt_conn_state
 *       TCPCRYPT_CONN_A_PUBKEY: NLA_NUL_STRING, public-key cipher
 *                               (absent until chosen)
 *       TCPCRYPT_CONN_A_SUITE: NLA_NUL_STRING, symmetric suite
 *       TCPCRYPT_CONN_A_SID: NLA_BINARY, TCP_CRYPT_SESSID_LEN bytes
 *       TCPCRYPT_CONN_A_APP: NLA_U8, TCPCRYPT_CONN_APP_* flags: which ends
 *                            said their application is tcpcrypt-aware
 *                            (SUITE, SID and APP only once encrypting)
 *       TCPCRYPT_CONN_A_LEGACY: NLA_FLAG, the peer speaks only v0.2
 *       TCPCRYPT_CONN_A_AGE_MS: NLA_U64, milliseconds since the first SYN
 *       TCPCRYPT_CONN_A_SEGS_OUT, _SEGS_IN: NLA_U64, segments protected
 *                            (sent) and verified (received)
 *       TCPCRYPT_CONN_A_BYTES_OUT, _BYTES_IN: NLA_U64, payload bytes of
 *                            those segments
 *       TCPCRYPT_CONN_A_MAC_FAILURES: NLA_U64, received segments dropped
 *                            because their MAC was wrong
 *
 * TCPCRYPT_CMD_GET_STATS (doit)
 *   Request: no attributes. Reply, one message of this command:
 *     TCPCRYPT_A_CONNS: NLA_U32, connections in the table now
 *     TCPCRYPT_A_MAX_CONNS: NLA_U32, the table's bound ("max_conns")
 *     TCPCRYPT_A_HANDSHAKES: NLA_U32, handshakes in progress now
 *     TCPCRYPT_A_MAX_HANDSHAKES: NLA_U32, their bound ("max_handshakes")
 *     TCPCRYPT_A_HELD: NLA_U32, segments held now while the workqueue does
 *                      public-key work (their total is TcpcryptHeldSegs)
 *     TCPCRYPT_A_MEMORY: NLA_U64, bytes the module holds for connections
 *                        now: connection entries, handshake messages and
 *                        held segments
 *     TCPCRYPT_A_CACHE_ENTRIES: NLA_U32, sessions in the session cache now
 *     TCPCRYPT_A_CACHE_MAX: NLA_U32, the cache's bound ("cache_max")
 *     TCPCRYPT_A_HS_LATENCY: NLA_NESTED, a histogram of the time from the
 *                      first SYN to encryption of the completed handshakes,
 *                      TCPCRYPT_HS_LATENCY_BUCKETS buckets in ascending
 *                      order: below 1 ms, then [2^(i-1), 2^i) ms up to
 *                      4096 ms, then 4096 ms or more. Each is
 *       TCPCRYPT_HIST_A_BUCKET: NLA_NESTED
 *         TCPCRYPT_BUCKET_A_BELOW_MS: NLA_U32, the bucket's upper bound
 *                      (exclusive), in milliseconds; absent on the last
 *                      bucket, which has none. Its lower bound is the
 *                      previous bucket's upper one (0 for the first).
 *         TCPCRYPT_BUCKET_A_COUNT: NLA_U64, handshakes that took that long
 *     TCPCRYPT_A_STATS: NLA_NESTED, every counter of /proc/net/tcpcrypt_stat,
 *                       in its order, each as
 *       TCPCRYPT_STATS_A_COUNTER: NLA_NESTED
 *         TCPCRYPT_COUNTER_A_NAME: NLA_NUL_STRING, e.g. "TcpcryptOutSyns"
 *         TCPCRYPT_COUNTER_A_VALUE: NLA_U64
 *
 * TCPCRYPT_CMD_GET_CONFIG (doit)
 *   Request: no attributes. Reply, one message of this command with all
 *   of the attributes SET_CONFIG takes below but TCPCRYPT_A_RSA_KEY, and:
 *     TCPCRYPT_A_RSA_KEY_LOADED: NLA_U8, 1 if an RSA key is loaded, else 0
 *     TCPCRYPT_A_RSA_KEY_BITS: NLA_U32, its modulus size in bits
 *     TCPCRYPT_A_RSA_KEY_AGE_MS: NLA_U64, milliseconds since it was loaded
 *                                (these two only while a key is loaded)
 *   They are the state the sysctls under /proc/sys/net/tcpcrypt/ show,
 *   and apply to new connections only.
 *
 * TCPCRYPT_CMD_SET_CONFIG (admin; doit)
 *   Request: any subset of these; the others keep their values. All given
 *   values are checked before any is applied. Refused values fail with
 *   EINVAL (ERANGE for a number or length out of the policy's range), an
 *   extended-ACK message and the offending attribute; a value out of a
 *   policy's range also comes with that policy (NLMSGERR_ATTR_POLICY),
 *   which holds the valid bounds.
 *     TCPCRYPT_A_ENABLED: NLA_U8, 0 or 1 (sysctl "enabled")
 *     TCPCRYPT_A_MAX_CONNS: NLA_U32, 1 to 16777216 ("max_conns")
 *     TCPCRYPT_A_MAX_HANDSHAKES: NLA_U32, 1 to 16777216 ("max_handshakes")
 *     TCPCRYPT_A_PUBKEYS: NLA_NESTED, public-key ciphers offered, most
 *                         preferred first ("pubkeys"), 1 to 4 of
 *       TCPCRYPT_LIST_A_NAME: NLA_NUL_STRING, "p256", "x25519" or "rsa3"
 *                             (rsa3 is offered only while an RSA key is
 *                             loaded: TCPCRYPT_A_RSA_KEY)
 *     TCPCRYPT_A_SUITES: NLA_NESTED, symmetric suites, most preferred
 *                        first ("suites"), 1 to 4 of
 *       TCPCRYPT_LIST_A_NAME: NLA_NUL_STRING, "chacha20" or "aes128"
 *                             (aes128 is the v0.2 legacy suite: listing
 *                             it is what allows it)
 *     TCPCRYPT_A_EXCLUDE_PORTS: NLA_NESTED, ports whose connections stay
 *                               plain ("exclude_ports"); empty: none
 *       TCPCRYPT_PORTS_A_RANGE: NLA_BINARY, struct tcpcrypt_port_range
 *     TCPCRYPT_A_EXCLUDE_ADDRS: NLA_NESTED, address prefixes whose
 *                               connections (local or remote address)
 *                               stay plain ("exclude_addrs"); empty: none;
 *                               at most TCPCRYPT_EXCLUDE_ADDRS_MAX of
 *       TCPCRYPT_ADDRS_A_PREFIX: NLA_NESTED, all three of
 *         TCPCRYPT_PREFIX_A_FAMILY: NLA_U16, AF_INET or AF_INET6
 *         TCPCRYPT_PREFIX_A_ADDR: NLA_BINARY, 4 or 16 bytes (the family's)
 *         TCPCRYPT_PREFIX_A_LEN: NLA_U8, prefix length, 0 to 32 or 0 to 128;
 *                                address bits beyond it are cleared
 *     TCPCRYPT_A_DEFAULT_CMODE: NLA_U16, the connection mode of sockets
 *                               that choose none ("default_cmode"): one of
 *                               TCP_CRYPT_CMODE_DEFAULT (opportunistic),
 *                               _ALWAYS, _NEVER, optionally | _NK
 *     TCPCRYPT_A_KEY_LIFETIME: NLA_U32, 1 to 86400 seconds ("key_lifetime")
 *     TCPCRYPT_A_KEY_MAX_USES: NLA_U32, 1 to 2147483648 ("key_max_uses")
 *     TCPCRYPT_A_CACHE_MAX: NLA_U32, 0 to 1048576 session cache entries,
 *                           0: no caching ("cache_max")
 *     TCPCRYPT_A_CACHE_LIFETIME: NLA_U32, 1 to 86400 seconds
 *                                ("cache_lifetime")
 *     TCPCRYPT_A_LEGACY: NLA_U8, 1 allows the v0.2 legacy suite (aes128),
 *                        appending it to the suites if missing; 0 removes
 *                        it from them (refused if it is the only one).
 *                        Not together with TCPCRYPT_A_SUITES. GET_CONFIG:
 *                        whether aes128 is among the suites.
 *     TCPCRYPT_A_RSA_KEY: NLA_BINARY, at most TCPCRYPT_RSA_KEY_MAX bytes: a
 *                         DER RSAPrivateKey (PKCS#1) with a 4096-bit
 *                         modulus and e = 3, which replaces the loaded key
 *                         and lets the namespace offer OAEP-RSA-3; empty:
 *                         forget the key. Set only.
 *
 * TCPCRYPT_CMD_REFRESH_KEYS (admin; doit)
 *   Request: no attributes. Replaces the namespace's short-lived client
 *   key pairs now (they are otherwise replaced every key_lifetime
 *   seconds) and returns when the new ones are in place.
 *
 * TCPCRYPT_CMD_FLUSH_CACHE (admin; doit)
 *   Request: no attributes. Wipes every entry of the namespace's session
 *   cache, so that the next connection to any peer does a full handshake.
 *   Reply, one message of this command:
 *     TCPCRYPT_A_CACHE_FLUSHED: NLA_U32, entries wiped
 *
 * TCPCRYPT_CMD_EVENT (multicast only, group TCPCRYPT_GENL_MCGRP_EVENTS;
 * joining it is admin)
 *   Sent to the namespace's listeners as connections change:
 *     TCPCRYPT_A_EVENT: NLA_U8, enum tcpcrypt_event
 *     TCPCRYPT_A_CONN: NLA_NESTED, the connection as in GET_SESSIONS
 *   TCPCRYPT_EVENT_MAC_FAILURE is sent at most once a second per
 *   connection (connections may share a limit); its MAC_FAILURES carries
 *   the connection's total, so none goes uncounted.
 *
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

/* ---- generic netlink ---------------------------------------------------- */

#include <linux/types.h>

/*
 * Socket options (level IPPROTO_TCP, through the "tcpcrypt" TCP ULP)
 * ------------------------------------------------------------------
 * An application first attaches the ULP:
 *
 *	setsockopt(fd, IPPROTO_TCP, TCP_ULP, "tcpcrypt", sizeof("tcpcrypt"));
 *
 * before connect() or listen() to steer the handshake, at any time to read
 * the session. Once the module is loaded any user may attach it. While it
 * is absent the kernel loads it on demand ("tcp-ulp-tcpcrypt") only for a
 * caller with CAP_NET_ADMIN in the initial user namespace, as for every
 * ULP; anyone else gets ENOENT. Attaching fails with EEXIST if the socket already has a ULP (kTLS, MPTCP) and EOPNOTSUPP on a
 * socket that is not plain TCP over IPv4 or IPv6. Every other option at
 * every level still reaches TCP unchanged. Without the ULP, these option
 * numbers get ENOPROTOOPT from TCP, which is how an application detects that
 * tcpcrypt is absent.
 *
 * The numbers start at TCP_CRYPT_BASE, far above the TCP_* options upstream
 * allocates one by one from 1, so they can never collide with them. A
 * listening socket passes all its settings to each accepted socket.
 *
 * Handshake options (ENABLE, CMODE, PKCONF, CCONF, SCONF, SUPPORT) can be
 * set only while the socket is unconnected (TCP_CLOSE) or listening;
 * afterwards they fail with EISCONN and change nothing. Common errors:
 * EINVAL for a wrong optlen or an unknown value (nothing changes),
 * EFAULT for a bad pointer. Integers are int (4 bytes).
 *
 * TCP_CRYPT_ENABLE (int; get, set): 1 (default) lets tcpcrypt protect this
 *	socket's connections when the namespace has it enabled; 0 keeps them
 *	plain. Setting 0 equals TCP_CRYPT_CMODE_NEVER (the _NK bit is kept);
 *	setting 1 on a NEVER socket restores TCP_CRYPT_CMODE_DEFAULT.
 * TCP_CRYPT_CMODE (int; get, set): one of TCP_CRYPT_CMODE_*. ALWAYS makes a
 *	connection fail rather than continue in plaintext: against a peer
 *	without tcpcrypt connect() fails with ECONNREFUSED and a listener
 *	refuses the connection with a RST. NEVER keeps connections plain.
 *	The _NK variants also never resume a cached session and never cache
 *	this one. DEFAULT follows the namespace's default cmode.
 * TCP_CRYPT_SESSID (get; optlen >= 32, 32 bytes written): the session ID.
 *	While the handshake runs, waits for it to end (at most SO_SNDTIMEO and
 *	the handshake timeout; EAGAIN on a non-blocking socket, EINTR on a
 *	signal, ETIMEDOUT). ENOTCONN on a socket that is not connected or
 *	connecting; ENODATA when the connection is not encrypted (the peer has
 *	no tcpcrypt, it was disabled or excluded, or it fell back); ECONNABORTED
 *	when the handshake failed.
 * TCP_CRYPT_PUBKEY (get; struct tcp_crypt_pubkey, optlen >= its key offset,
 *	the key truncated to fit): whose public key established the session
 *	and the key (X25519: 32 bytes; P-256: 65-byte uncompressed point;
 *	RSA: the modulus). The client's short-lived key is the only key in a
 *	tcpcrypt handshake: TCP_CRYPT_PUBKEY_MINE on the client,
 *	TCP_CRYPT_PUBKEY_PEER on the server, TCP_CRYPT_PUBKEY_NONE with no key
 *	for a resumed session. Waits and fails as TCP_CRYPT_SESSID.
 * TCP_CRYPT_CONF (get; struct tcp_crypt_conf): the negotiated public-key
 *	cipher (0 when resumed) and symmetric suite, this end's role and
 *	whether the session was resumed. Waits and fails as TCP_CRYPT_SESSID.
 * TCP_CRYPT_CACHE_FLUSH (set; optlen 0, or a struct sockaddr_in or
 *	sockaddr_in6 naming the peer): wipe the cached session keys for the
 *	socket's peer (optlen 0; ENOTCONN without one) or for the given
 *	address, so that the next connection to it does a full handshake.
 *	Naming an address needs CAP_NET_ADMIN in the namespace's user
 *	namespace (EPERM otherwise). EAFNOSUPPORT for another address family.
 * TCP_CRYPT_SECURST (int; get, set at any time): 1 makes an encrypted
 *	connection ignore RSTs that carry no valid MAC (counted as
 *	TcpcryptInDropUnauthRst); 0 (default) accepts them, as v0.2 does, so
 *	that a peer that lost its keys can still reset the connection.
 * TCP_CRYPT_PKCONF (__u32 array of TCP_CRYPT_PK_*; get, set): the public-key
 *	ciphers this socket uses, in order: a listener advertises them in
 *	PKCONF, a client accepts only these. Empty (optlen 0) restores the
 *	namespace's list; get returns the list in force. EINVAL for an unknown
 *	or repeated cipher or more than TCP_CRYPT_CONF_MAX entries; EOPNOTSUPP
 *	for one the module cannot use now (RSA without a loaded key).
 * TCP_CRYPT_CCONF (__u32 array of TCP_CRYPT_SYM_*; get, set): the symmetric
 *	suites a client offers in INIT1, preferred first. Same rules.
 * TCP_CRYPT_SCONF (__u32 array of TCP_CRYPT_SYM_*; get, set): the suites a
 *	server accepts, in its order of preference: it picks the first of
 *	these that the client offers. Unset, the server takes the first
 *	suite of the client's list that the namespace allows, as v0.2 does.
 *	Same rules.
 * TCP_CRYPT_SUPPORT (int; get, set): set 1 to announce that this
 *	application is tcpcrypt-aware (it checks the session ID), 2 to also
 *	require that the peer's application is: the connection then fails as
 *	with TCP_CRYPT_CMODE_ALWAYS unless the peer announces it. The flags
 *	enter the key schedule. Get returns 1 if the remote application
 *	announced awareness in this connection's handshake, else 0; on an
 *	unconnected or listening socket it returns the value set.
 */
#define TCP_CRYPT_ULP_NAME	"tcpcrypt"

#define TCP_CRYPT_BASE		0x7463	/* "tc" */
#define TCP_CRYPT_ENABLE	(TCP_CRYPT_BASE + 0)
#define TCP_CRYPT_CMODE		(TCP_CRYPT_BASE + 1)
#define TCP_CRYPT_SESSID	(TCP_CRYPT_BASE + 2)
#define TCP_CRYPT_PUBKEY	(TCP_CRYPT_BASE + 3)
#define TCP_CRYPT_CONF		(TCP_CRYPT_BASE + 4)
#define TCP_CRYPT_CACHE_FLUSH	(TCP_CRYPT_BASE + 5)
#define TCP_CRYPT_SECURST	(TCP_CRYPT_BASE + 6)
#define TCP_CRYPT_PKCONF	(TCP_CRYPT_BASE + 7)
#define TCP_CRYPT_CCONF		(TCP_CRYPT_BASE + 8)
#define TCP_CRYPT_SCONF		(TCP_CRYPT_BASE + 9)
#define TCP_CRYPT_SUPPORT	(TCP_CRYPT_BASE + 10)

/* Connection modes; the _NK bit also forbids resumption. */
#define TCP_CRYPT_CMODE_DEFAULT		0
#define TCP_CRYPT_CMODE_ALWAYS		1
#define TCP_CRYPT_CMODE_NEVER		2
#define TCP_CRYPT_CMODE_NK		0x100
#define TCP_CRYPT_CMODE_ALWAYS_NK	(TCP_CRYPT_CMODE_ALWAYS | TCP_CRYPT_CMODE_NK)
#define TCP_CRYPT_CMODE_NEVER_NK	(TCP_CRYPT_CMODE_NEVER | TCP_CRYPT_CMODE_NK)
#define TCP_CRYPT_CMODE_DEFAULT_NK	(TCP_CRYPT_CMODE_DEFAULT | TCP_CRYPT_CMODE_NK)

/*
 * The modes by the names the sysctl default_cmode and tcpcryptctl use:
 * X(mode, "name").
 */
#define TCP_CRYPT_CMODE_NAMES(X)					\
	X(TCP_CRYPT_CMODE_DEFAULT, "default")				\
	X(TCP_CRYPT_CMODE_ALWAYS, "always")				\
	X(TCP_CRYPT_CMODE_NEVER, "never")				\
	X(TCP_CRYPT_CMODE_DEFAULT_NK, "default-nk")			\
	X(TCP_CRYPT_CMODE_ALWAYS_NK, "always-nk")			\
	X(TCP_CRYPT_CMODE_NEVER_NK, "never-nk")

/* Cipher identifiers: the values on the wire. */
#define TCP_CRYPT_PK_RSA3		0x000100	/* OAEP-RSA, e = 3 */
#define TCP_CRYPT_PK_P256		0x000200	/* ECDHE P-256 */
#define TCP_CRYPT_PK_X25519		0x000300	/* ECDHE X25519 */
#define TCP_CRYPT_SYM_AES128_HMAC	0x00000100	/* v0.2's suite */
#define TCP_CRYPT_SYM_CHACHA20_HMAC	0x00000200	/* the default */

/*
 * The ciphers by the names the sysctls pubkeys and suites, tcpcryptctl,
 * /proc/net/tcpcrypt_conns and libtcpcrypt use: X(id, "name").
 */
#define TCP_CRYPT_PK_NAMES(X)						\
	X(TCP_CRYPT_PK_P256, "p256")					\
	X(TCP_CRYPT_PK_X25519, "x25519")				\
	X(TCP_CRYPT_PK_RSA3, "rsa3")
#define TCP_CRYPT_SYM_NAMES(X)						\
	X(TCP_CRYPT_SYM_CHACHA20_HMAC, "chacha20")			\
	X(TCP_CRYPT_SYM_AES128_HMAC, "aes128")

#define TCP_CRYPT_CONF_MAX		4	/* entries in a cipher list */
#define TCP_CRYPT_SESSID_LEN		32

#define TCP_CRYPT_PUBKEY_NONE		0	/* resumed: no public key */
#define TCP_CRYPT_PUBKEY_MINE		1	/* this end's (we are the client) */
#define TCP_CRYPT_PUBKEY_PEER		2	/* the peer's (we are the server) */
#define TCP_CRYPT_PUBKEY_MAX		512	/* RSA-4096 modulus */

struct tcp_crypt_pubkey {
	__u8 owner;		/* TCP_CRYPT_PUBKEY_* */
	__u8 reserved;		/* 0 */
	__u16 len;		/* bytes of key, even when truncated */
	__u32 cipher;		/* TCP_CRYPT_PK_* */
	__u8 key[TCP_CRYPT_PUBKEY_MAX];
};

/* Roles (TCP_CRYPT_CONF, TCPCRYPT_CONN_A_ROLE). */
#define TCP_CRYPT_ROLE_CLIENT		0	/* sent INIT1 (active opener) */
#define TCP_CRYPT_ROLE_SERVER		1

struct tcp_crypt_conf {
	__u32 pubkey;		/* TCP_CRYPT_PK_*, 0 when resumed */
	__u32 suite;		/* TCP_CRYPT_SYM_* */
	__u8 role;		/* TCP_CRYPT_ROLE_* */
	__u8 resumed;		/* 1: from the session cache */
	__u8 app;		/* bit 0 client, bit 1 server application aware */
	__u8 reserved;		/* 0 */
};

#define TCPCRYPT_GENL_NAME		"tcpcrypt"
#define TCPCRYPT_GENL_VERSION		1
#define TCPCRYPT_GENL_MCGRP_EVENTS	"events"

/* Deprecated alias of TCP_CRYPT_SESSID_LEN, kept for existing users. */
#define TCPCRYPT_SID_LEN		TCP_CRYPT_SESSID_LEN

enum tcpcrypt_cmd {
	TCPCRYPT_CMD_UNSPEC,
	TCPCRYPT_CMD_GET_SESSIONS,
	TCPCRYPT_CMD_GET_STATS,
	TCPCRYPT_CMD_GET_CONFIG,
	TCPCRYPT_CMD_SET_CONFIG,
	TCPCRYPT_CMD_REFRESH_KEYS,
	TCPCRYPT_CMD_EVENT,
	TCPCRYPT_CMD_FLUSH_CACHE,
	__TCPCRYPT_CMD_MAX
};
#define TCPCRYPT_CMD_MAX (__TCPCRYPT_CMD_MAX - 1)

enum tcpcrypt_attr {
	TCPCRYPT_A_UNSPEC,
	TCPCRYPT_A_PAD,
	TCPCRYPT_A_CONN,
	TCPCRYPT_A_CONNS,
	TCPCRYPT_A_HANDSHAKES,
	TCPCRYPT_A_STATS,
	TCPCRYPT_A_ENABLED,
	TCPCRYPT_A_MAX_CONNS,
	TCPCRYPT_A_MAX_HANDSHAKES,
	TCPCRYPT_A_PUBKEYS,
	TCPCRYPT_A_SUITES,
	TCPCRYPT_A_EXCLUDE_PORTS,
	TCPCRYPT_A_EVENT,
	TCPCRYPT_A_HELD,
	TCPCRYPT_A_MEMORY,
	TCPCRYPT_A_CACHE_ENTRIES,
	TCPCRYPT_A_HS_LATENCY,
	TCPCRYPT_A_EXCLUDE_ADDRS,
	TCPCRYPT_A_DEFAULT_CMODE,
	TCPCRYPT_A_KEY_LIFETIME,
	TCPCRYPT_A_KEY_MAX_USES,
	TCPCRYPT_A_CACHE_MAX,
	TCPCRYPT_A_CACHE_LIFETIME,
	TCPCRYPT_A_LEGACY,
	TCPCRYPT_A_RSA_KEY,
	TCPCRYPT_A_RSA_KEY_LOADED,
	TCPCRYPT_A_RSA_KEY_BITS,
	TCPCRYPT_A_RSA_KEY_AGE_MS,
	TCPCRYPT_A_CACHE_FLUSHED,
	__TCPCRYPT_A_MAX
};
#define TCPCRYPT_A_MAX (__TCPCRYPT_A_MAX - 1)

enum tcpcrypt_conn_attr {
	TCPCRYPT_CONN_A_UNSPEC,
	TCPCRYPT_CONN_A_PAD,
	TCPCRYPT_CONN_A_FAMILY,
	TCPCRYPT_CONN_A_LOCAL_ADDR,
	TCPCRYPT_CONN_A_REMOTE_ADDR,
	TCPCRYPT_CONN_A_LOCAL_PORT,
	TCPCRYPT_CONN_A_REMOTE_PORT,
	TCPCRYPT_CONN_A_ROLE,
	TCPCRYPT_CONN_A_STATE,
	TCPCRYPT_CONN_A_PUBKEY,
	TCPCRYPT_CONN_A_SUITE,
	TCPCRYPT_CONN_A_SID,
	TCPCRYPT_CONN_A_APP,
	TCPCRYPT_CONN_A_LEGACY,
	TCPCRYPT_CONN_A_AGE_MS,
	TCPCRYPT_CONN_A_SEGS_OUT,
	TCPCRYPT_CONN_A_SEGS_IN,
	TCPCRYPT_CONN_A_BYTES_OUT,
	TCPCRYPT_CONN_A_BYTES_IN,
	TCPCRYPT_CONN_A_MAC_FAILURES,
	__TCPCRYPT_CONN_A_MAX
};
#define TCPCRYPT_CONN_A_MAX (__TCPCRYPT_CONN_A_MAX - 1)

enum tcpcrypt_stats_attr {
	TCPCRYPT_STATS_A_UNSPEC,
	TCPCRYPT_STATS_A_COUNTER,
	__TCPCRYPT_STATS_A_MAX
};
#define TCPCRYPT_STATS_A_MAX (__TCPCRYPT_STATS_A_MAX - 1)

enum tcpcrypt_counter_attr {
	TCPCRYPT_COUNTER_A_UNSPEC,
	TCPCRYPT_COUNTER_A_PAD,
	TCPCRYPT_COUNTER_A_NAME,
	TCPCRYPT_COUNTER_A_VALUE,
	__TCPCRYPT_COUNTER_A_MAX
};
#define TCPCRYPT_COUNTER_A_MAX (__TCPCRYPT_COUNTER_A_MAX - 1)

enum tcpcrypt_list_attr {
	TCPCRYPT_LIST_A_UNSPEC,
	TCPCRYPT_LIST_A_NAME,
	__TCPCRYPT_LIST_A_MAX
};
#define TCPCRYPT_LIST_A_MAX (__TCPCRYPT_LIST_A_MAX - 1)

enum tcpcrypt_ports_attr {
	TCPCRYPT_PORTS_A_UNSPEC,
	TCPCRYPT_PORTS_A_RANGE,
	__TCPCRYPT_PORTS_A_MAX
};
#define TCPCRYPT_PORTS_A_MAX (__TCPCRYPT_PORTS_A_MAX - 1)

/* Ports first to last, both included, host byte order; first <= last. */
struct tcpcrypt_port_range {
	__u16 first;
	__u16 last;
};

enum tcpcrypt_addrs_attr {
	TCPCRYPT_ADDRS_A_UNSPEC,
	TCPCRYPT_ADDRS_A_PREFIX,
	__TCPCRYPT_ADDRS_A_MAX
};
#define TCPCRYPT_ADDRS_A_MAX (__TCPCRYPT_ADDRS_A_MAX - 1)

enum tcpcrypt_prefix_attr {
	TCPCRYPT_PREFIX_A_UNSPEC,
	TCPCRYPT_PREFIX_A_FAMILY,
	TCPCRYPT_PREFIX_A_ADDR,
	TCPCRYPT_PREFIX_A_LEN,
	__TCPCRYPT_PREFIX_A_MAX
};
#define TCPCRYPT_PREFIX_A_MAX (__TCPCRYPT_PREFIX_A_MAX - 1)

/*
 * The numeric settings (see "Settings" above), one line each:
 *   X(name, ATTR, type, min, max, default)
 * name is the sysctl, module parameter and tcpcryptctl name, ATTR the
 * netlink attribute's suffix (TCPCRYPT_A_##ATTR), type its width (u8 or
 * u32: NLA_U8, NLA_U32), min and max the accepted range, both included,
 * and default the value of the initial namespace when the module
 * parameter is not given. Userspace may expand it too, e.g. to check or
 * print the ranges.
 */
#define TCPCRYPT_NUM_SETTINGS(X)						\
	X(enabled,	  ENABLED,	  u8,  0, 1,		1)		\
	X(max_conns,	  MAX_CONNS,	  u32, 1, 16777216,	65536)		\
	X(max_handshakes, MAX_HANDSHAKES, u32, 1, 16777216,	256)		\
	X(key_lifetime,	  KEY_LIFETIME,	  u32, 1, 86400,	300)		\
	X(key_max_uses,	  KEY_MAX_USES,	  u32, 1, 2147483648U,	65536)		\
	X(cache_max,	  CACHE_MAX,	  u32, 0, 1048576,	1024)		\
	X(cache_lifetime, CACHE_LIFETIME, u32, 1, 86400,	600)

/*
 * The settings with a syntax of their own (lists, names, 0/1 derived from
 * the suites): X(name, ATTR). Their forms are described above and with
 * TCPCRYPT_CMD_SET_CONFIG.
 */
#define TCPCRYPT_TEXT_SETTINGS(X)						\
	X(exclude_ports,  EXCLUDE_PORTS)					\
	X(exclude_addrs,  EXCLUDE_ADDRS)					\
	X(pubkeys,	  PUBKEYS)						\
	X(suites,	  SUITES)						\
	X(legacy,	  LEGACY)						\
	X(default_cmode,  DEFAULT_CMODE)

/* Address prefixes a namespace may exclude. */
#define TCPCRYPT_EXCLUDE_ADDRS_MAX	16

/* Largest TCPCRYPT_A_RSA_KEY: a DER RSA-4096 private key is about 2.4 KB. */
#define TCPCRYPT_RSA_KEY_MAX		4096

enum tcpcrypt_hist_attr {
	TCPCRYPT_HIST_A_UNSPEC,
	TCPCRYPT_HIST_A_BUCKET,
	__TCPCRYPT_HIST_A_MAX
};
#define TCPCRYPT_HIST_A_MAX (__TCPCRYPT_HIST_A_MAX - 1)

enum tcpcrypt_bucket_attr {
	TCPCRYPT_BUCKET_A_UNSPEC,
	TCPCRYPT_BUCKET_A_PAD,
	TCPCRYPT_BUCKET_A_BELOW_MS,
	TCPCRYPT_BUCKET_A_COUNT,
	__TCPCRYPT_BUCKET_A_MAX
};
#define TCPCRYPT_BUCKET_A_MAX (__TCPCRYPT_BUCKET_A_MAX - 1)

/* Buckets of TCPCRYPT_A_HS_LATENCY: <1, <2, <4, ... <4096, >=4096 ms. */
#define TCPCRYPT_HS_LATENCY_BUCKETS	14

/* Deprecated aliases of TCP_CRYPT_ROLE_*, kept for existing users. */
enum tcpcrypt_role {
	TCPCRYPT_ROLE_CLIENT = TCP_CRYPT_ROLE_CLIENT,
	TCPCRYPT_ROLE_SERVER = TCP_CRYPT_ROLE_SERVER,
};

/* Handshake states, in the order of the kernel's own. */
enum tcpcrypt_conn_state {
	TCPCRYPT_CONN_SYN_SENT,		/* client: SYN with HELLO sent */
	TCPCRYPT_CONN_SYN_RCVD,		/* server: HELLO seen, PKCONF offered */
	TCPCRYPT_CONN_INIT1_READY,	/* client: INIT1 goes with the 3rd ACK */
	TCPCRYPT_CONN_INIT1_SENT,	/* client: waiting for INIT2 */
	TCPCRYPT_CONN_KEYING,		/* public-key work in progress */
	TCPCRYPT_CONN_ENCRYPTING,	/* every segment protected */
	TCPCRYPT_CONN_FAILED,		/* handshake failed; nothing passes */
	__TCPCRYPT_CONN_STATE_MAX
};

#define TCPCRYPT_CONN_APP_CLIENT	0x1	/* the client's application is aware */
#define TCPCRYPT_CONN_APP_SERVER	0x2	/* the server's application is aware */

enum tcpcrypt_event {
	TCPCRYPT_EVENT_HANDSHAKE_DONE,	/* keys in place: now encrypting */
	TCPCRYPT_EVENT_FALLBACK,	/* peer or path without tcpcrypt: plain */
	TCPCRYPT_EVENT_MAC_FAILURE,	/* received segments with a wrong MAC */
	TCPCRYPT_EVENT_CLOSED,		/* left the table: closed, timed out or
					 * fallen back (then after FALLBACK)
					 */
	__TCPCRYPT_EVENT_MAX
};

/*
 * Visibility: ULP diagnostics, any user's own connection, one more counter
 * -------------------------------------------------------------------------
 * inet_diag (ss -tie; NETLINK_SOCK_DIAG with INET_DIAG_INFO requested)
 * shows, to a caller with CAP_NET_ADMIN (the kernel gives ULP details to
 * administrators only), for each socket with the "tcpcrypt" ULP:
 *   INET_DIAG_ULP_INFO: NLA_NESTED
 *     INET_ULP_INFO_NAME: "tcpcrypt" (ss prints "tcp-ulp-tcpcrypt")
 *     TCPCRYPT_INET_ULP_INFO: NLA_NESTED, empty while the module does not
 *                      handle the connection (plain, not connected,
 *                      listening), else
 *       TCPCRYPT_ULP_INFO_A_STATE: NLA_U8, enum tcpcrypt_conn_state
 *       TCPCRYPT_ULP_INFO_A_ROLE: NLA_U8, enum tcpcrypt_role
 *       and once the state is TCPCRYPT_CONN_ENCRYPTING:
 *       TCPCRYPT_ULP_INFO_A_PUBKEY: NLA_U32, TCP_CRYPT_PK_* (absent when
 *                      resumed: no public-key work)
 *       TCPCRYPT_ULP_INFO_A_SUITE: NLA_U32, TCP_CRYPT_SYM_*
 *       TCPCRYPT_ULP_INFO_A_RESUMED: NLA_U8, 1 if from the session cache
 *       TCPCRYPT_ULP_INFO_A_SID_PREFIX: NLA_BINARY, the first
 *                      TCPCRYPT_ULP_INFO_SID_PREFIX_LEN bytes of the
 *                      session ID
 * TCPCRYPT_INET_ULP_INFO is far above the kernel's INET_ULP_INFO_* (NAME,
 * TLS, MPTCP) so that none it adds collides; ss skips it.
 *
 * Any user, about a connection of their own, ULP or not: the module
 * encrypts every TCP connection it can, also those of programs that never
 * heard of tcpcrypt. A process asks about a socket it holds (only those:
 * no one learns about another's connections) by attaching the ULP to it
 * at any time, also once connected or accepted, which changes nothing of
 * the running connection, then reading TCP_CRYPT_CONF or TCP_CRYPT_SESSID:
 *	setsockopt(fd, IPPROTO_TCP, TCP_ULP, "tcpcrypt", sizeof("tcpcrypt"));
 *	getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CONF, &conf, &len);
 * 0: encrypted (conf says how); ENODATA: plain; ECONNABORTED: the
 * handshake failed; ENOTCONN: not connected. No privilege is needed while
 * the module is loaded (without it, TCP_ULP fails with ENOENT for users
 * that may not load modules, and nothing is encrypted). EEXIST if the
 * socket has another ULP already (kernel TLS). The ULP turns off
 * MSG_ZEROCOPY for the socket, as every ULP does.
 *
 * Counter (appended to those of /proc/net/tcpcrypt_stat above):
 *   TcpcryptLegacyPast16MiB  directions of legacy-suite (aes128, v0.2)
 *                            connections whose data went past 16 MiB,
 *                            where that suite's keystream starts to repeat
 *                            (PROTOCOL.md 4.1); each direction of a
 *                            connection is counted once
 */
#define TCPCRYPT_INET_ULP_INFO		0x2000
#define TCPCRYPT_ULP_INFO_SID_PREFIX_LEN	8

enum tcpcrypt_ulp_info_attr {
	TCPCRYPT_ULP_INFO_A_UNSPEC,
	TCPCRYPT_ULP_INFO_A_STATE,
	TCPCRYPT_ULP_INFO_A_ROLE,
	TCPCRYPT_ULP_INFO_A_PUBKEY,
	TCPCRYPT_ULP_INFO_A_SUITE,
	TCPCRYPT_ULP_INFO_A_RESUMED,
	TCPCRYPT_ULP_INFO_A_SID_PREFIX,
	__TCPCRYPT_ULP_INFO_A_MAX
};
#define TCPCRYPT_ULP_INFO_A_MAX (__TCPCRYPT_ULP_INFO_A_MAX - 1)

#endif /* _UAPI_LINUX_TCPCRYPT_H */
