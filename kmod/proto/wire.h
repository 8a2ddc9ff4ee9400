/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire constants and layouts of tcpcrypt as spoken by tcpcryptd v0.2,
 * plus this project's extensions (see docs/PROTOCOL.md).
 */
#ifndef _TCPCRYPT_PROTO_WIRE_H
#define _TCPCRYPT_PROTO_WIRE_H

/* TCP option kinds */
#define TCPCRYPT_TCPOPT_EOL		0
#define TCPCRYPT_TCPOPT_NOP		1
#define TCPCRYPT_TCPOPT_MSS		2
#define TCPCRYPT_TCPOPT_SACK_PERM	4
#define TCPCRYPT_TCPOPT_TIMESTAMP	8
#define TCPCRYPT_TCPOPT_16		16
#define TCPCRYPT_TCPOPT_17		17
#define TCPCRYPT_TCPOPT_MD5		19
#define TCPCRYPT_TCPOPT_CRYPT		69
#define TCPCRYPT_TCPOPT_MAC		70

#define TCPCRYPT_TCPHDR_LEN		20
#define TCPCRYPT_TCPOPT_SPACE		40

/* MAC option: kind, len = 18, 16-byte tag, then two EOL pad bytes */
#define TCPCRYPT_TAG_LEN		16
#define TCPCRYPT_MACOPT_LEN		(2 + TCPCRYPT_TAG_LEN)
#define TCPCRYPT_MACOPT_SPACE		20

/* CRYPT suboption opcodes; the top two bits select the length rule */
#define TCPCRYPT_SUBOPT_CLASS_MASK	0xc0
#define TCPCRYPT_SUBOPT_TLV_MIN		0x40	/* 0x40-0x7f: op len data */
#define TCPCRYPT_SUBOPT_FIXED_MIN	0x80	/* 0x80-0xff: length by opcode */

#define TCPCRYPT_SUBOPT_HELLO		0x01
#define TCPCRYPT_SUBOPT_HELLO_SUPPORT	0x02
#define TCPCRYPT_SUBOPT_NEXTK2		0x05
#define TCPCRYPT_SUBOPT_NEXTK2_SUPPORT	0x06
#define TCPCRYPT_SUBOPT_INIT1		0x07
#define TCPCRYPT_SUBOPT_INIT2		0x08
#define TCPCRYPT_SUBOPT_PKCONF		0x41
#define TCPCRYPT_SUBOPT_PKCONF_SUPPORT	0x42
#define TCPCRYPT_SUBOPT_REKEY		0x83
#define TCPCRYPT_SUBOPT_NEXTK1		0x84
#define TCPCRYPT_SUBOPT_NEXTK1_SUPPORT	0x85

#define TCPCRYPT_SUBOPT_REKEY_LEN	6	/* op keygen seq(4) */
#define TCPCRYPT_SUBOPT_NEXTK1_LEN	10	/* op sid_prefix(9) */
#define TCPCRYPT_SID_PREFIX_LEN		9

/* Public-key cipher specs: 3 bytes on the wire, top(1) algo(2) */
#define TCPCRYPT_PKSPEC_LEN		3
#define TCPCRYPT_PK_RSA3		0x000100	/* OAEP-RSA, e = 3 */
#define TCPCRYPT_PK_P256		0x000200	/* ECDHE prime256v1 */
#define TCPCRYPT_PK_P521		0x000201	/* ECDHE secp521r1 */
#define TCPCRYPT_PK_X25519		0x000300	/* extension: ECDHE X25519 */
/* v0.2 compares only the 16-bit algo part of a spec */
#define TCPCRYPT_PK_ALGO(spec)		((spec) & 0xffff)

/* PKCONF body holds at most (40 - 2 - 2) / 3 specs in one TCP option */
#define TCPCRYPT_PKCONF_MAX		12

/* Symmetric suites: u32 ids */
#define TCPCRYPT_SYM_AES128_HMAC	0x00000100	/* v0.2 legacy */
#define TCPCRYPT_SYM_CHACHA20_HMAC	0x00000200	/* extension, default */
/* Extensions with a nonce-free Poly1305 MAC (PROTOCOL.md 4.5) */
#define TCPCRYPT_SYM_AES128_POLY	0x00000300
#define TCPCRYPT_SYM_CHACHA20_POLY	0x00000400

/*
 * Segments one key of those suites may seal: 2^30, well below 2^32, so
 * that the MAC's collision term stays below 2^-32 (PROTOCOL.md 4.5).
 */
#define TCPCRYPT_POLY_SEAL_MAX		(1U << 30)

/* INIT messages */
#define TCPCRYPT_INIT1_MAGIC		0x15101a0e
#define TCPCRYPT_INIT2_MAGIC		0x097105e0
#define TCPCRYPT_INIT1_HDR_LEN		16
#define TCPCRYPT_INIT2_HDR_LEN		12
#define TCPCRYPT_INIT1_OFF_MAGIC	0
#define TCPCRYPT_INIT1_OFF_LEN		4
#define TCPCRYPT_INIT1_OFF_Z0		8
#define TCPCRYPT_INIT1_OFF_PKSPEC	9
#define TCPCRYPT_INIT1_OFF_Z1		12
#define TCPCRYPT_INIT1_OFF_NSYM		14
#define TCPCRYPT_INIT1_OFF_SYM		16
#define TCPCRYPT_INIT2_OFF_MAGIC	0
#define TCPCRYPT_INIT2_OFF_LEN		4
#define TCPCRYPT_INIT2_OFF_SYM		8
#define TCPCRYPT_INIT2_OFF_KX		12
#define TCPCRYPT_INIT_KEY_MAX		512	/* v0.2 bound on the INIT1 key */
/* Receiver-side sanity bound on the symmetric list (v0.2 sends one) */
#define TCPCRYPT_SYM_MAX		16
#define TCPCRYPT_ECDHE_NS_MARK		0x20	/* = length of N_S in ECDHE INIT2 */

#define TCPCRYPT_NONCE_C_LEN		32
#define TCPCRYPT_NONCE_MAX		48

/* Key schedule (HKDF-SHA256 info constants) */
#define TCPCRYPT_CONST_NEXTK		0x01
#define TCPCRYPT_CONST_SESSID		0x02
#define TCPCRYPT_CONST_REKEY		0x03	/* also the mk label */
#define TCPCRYPT_CONST_KEY_C		0x04
#define TCPCRYPT_CONST_KEY_S		0x05
#define TCPCRYPT_CONST_KEY_ENC		0x06
#define TCPCRYPT_CONST_KEY_MAC		0x07
#define TCPCRYPT_CONST_KEY_ACK		0x08

/* app-support byte entering mk */
#define TCPCRYPT_APP_CLIENT		0x01
#define TCPCRYPT_APP_SERVER		0x02

/* MAC pseudo-header M */
#define TCPCRYPT_MAC_MAGIC		0x8000
#define TCPCRYPT_MAC_M_LEN		16
#define TCPCRYPT_MAC_A_LEN		16
/* Header block H of the Poly1305 suites' MAC input */
#define TCPCRYPT_POLY_H_LEN		32

#define TCPCRYPT_KEY_LEN		32	/* every derived value */
#define TCPCRYPT_PMS_MAX		66	/* P-521 X; RSA N_S is 48 */

#endif /* _TCPCRYPT_PROTO_WIRE_H */
