/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Environment shim for the pure protocol core: the same sources build in
 * the kernel module and in the userspace unit tests and fuzzers.
 */
#ifndef _TCPCRYPT_PROTO_COMPAT_H
#define _TCPCRYPT_PROTO_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <crypto/algapi.h>

#define tcpcrypt_memneq(a, b, n)	crypto_memneq(a, b, n)
#define tcpcrypt_wipe(p, n)		memzero_explicit(p, n)
#define TCPCRYPT_BUILD_BUG_ON(c)	BUILD_BUG_ON(c)

#else /* userspace */

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define TCPCRYPT_BUILD_BUG_ON(c)	_Static_assert(!(c), #c)

/* Same contract as the kernel's crypto_memneq: time depends on n only. */
static inline int tcpcrypt_memneq(const void *a, const void *b, size_t n)
{
	const volatile u8 *x = a, *y = b;
	u8 d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d != 0;
}

static inline void tcpcrypt_wipe(void *p, size_t n)
{
	volatile u8 *q = p;

	while (n--)
		*q++ = 0;
}

#endif /* __KERNEL__ */

/*
 * Byte-order helpers that never assume alignment of wire buffers. The
 * explicit masks keep sparse quiet about narrowing.
 */
static inline u16 tcpcrypt_get_be16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static inline u32 tcpcrypt_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline u32 tcpcrypt_get_be24(const u8 *p)
{
	return ((u32)p[0] << 16) | ((u32)p[1] << 8) | p[2];
}

static inline void tcpcrypt_put_be16(u8 *p, u16 v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = (v) & 0xff;
}

static inline void tcpcrypt_put_be24(u8 *p, u32 v)
{
	p[0] = (v >> 16) & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v) & 0xff;
}

static inline void tcpcrypt_put_be32(u8 *p, u32 v)
{
	p[0] = (v >> 24) & 0xff;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = (v) & 0xff;
}

static inline void tcpcrypt_put_le32(u8 *p, u32 v)
{
	p[0] = (v) & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static inline void tcpcrypt_put_le64(u8 *p, u64 v)
{
	tcpcrypt_put_le32(p, (u32)v);
	tcpcrypt_put_le32(p + 4, (u32)(v >> 32));
}

#endif /* _TCPCRYPT_PROTO_COMPAT_H */
