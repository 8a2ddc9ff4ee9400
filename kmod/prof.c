// SPDX-License-Identifier: GPL-2.0
/*
 * Stage timing of the data path, for benchmarks: how long a protected
 * segment spends in each stage (proto/prof.h), apart for out/in and for
 * data/pure ACK, summed per CPU. Off until switched on through debugfs:
 *
 *   echo on > /sys/kernel/debug/tcpcrypt/profile    (also clears the sums)
 *   cat /sys/kernel/debug/tcpcrypt/profile
 *   echo off > /sys/kernel/debug/tcpcrypt/profile
 *
 * Switching it on also measures the bound each suite sets: what sealing
 * one full-sized segment and one pure ACK costs, cipher and MAC alone.
 * Timing costs two clock reads per stage; the numbers are for comparing
 * stages with each other and with the bound, not for absolute rates.
 */
#include <linux/debugfs.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/tcp.h>

#include "tcpcrypt.h"
#include "proto/prof.h"
#include "proto/suite.h"

DEFINE_STATIC_KEY_FALSE(tcpcrypt_prof_on);

struct tcpcrypt_prof_sum {
	u64 n;
	u64 ns;
};

/* [stage][in][data] */
struct tcpcrypt_prof_cpu {
	struct tcpcrypt_prof_sum s[TCPCRYPT_PROF_NSTAGES][2][2];
};

static struct tcpcrypt_prof_cpu __percpu *tcpcrypt_prof;
static struct dentry *tcpcrypt_prof_dir;
static DEFINE_MUTEX(tcpcrypt_prof_lock);

static const char *const tcpcrypt_prof_names[TCPCRYPT_PROF_NSTAGES] = {
#define TCPCRYPT_PROF_NAME(id, name) [TCPCRYPT_PROF_##id] = name,
	TCPCRYPT_PROF_STAGES(TCPCRYPT_PROF_NAME)
#undef TCPCRYPT_PROF_NAME
};

/* The suites whose bound is measured, and what was measured. */
#define TCPCRYPT_PROF_SEG	1448
#define TCPCRYPT_PROF_ROUNDS	64
static const u32 tcpcrypt_prof_suites[] = {
	TCPCRYPT_SYM_AES128_HMAC, TCPCRYPT_SYM_CHACHA20_HMAC,
	TCPCRYPT_SYM_AES128_POLY, TCPCRYPT_SYM_CHACHA20_POLY,
};
static u64 tcpcrypt_prof_bound[ARRAY_SIZE(tcpcrypt_prof_suites)][2];

void __tcpcrypt_prof_add(enum tcpcrypt_prof_stage st, bool in, bool data,
			 u64 t0)
{
	struct tcpcrypt_prof_sum *s;
	u64 d = ktime_get_ns() - t0;

	/* Softirq and process context both add: keep them apart. */
	local_bh_disable();
	s = &this_cpu_ptr(tcpcrypt_prof)->s[st][in][data];
	s->n++;
	s->ns += d;
	local_bh_enable();
}

/* ns of one seal of len bytes with suite id, or 0 if it cannot be measured. */
static u64 tcpcrypt_prof_seal_ns(u32 id, u8 *buf, size_t len)
{
	struct tcpcrypt_dir_secrets d;
	struct tcpcrypt_dir_key *k;
	u8 tag[TCPCRYPT_TAG_LEN];
	u64 t0, ns = 0;
	unsigned int i;

	k = kmalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return 0;
	memset(&d, 0x5a, sizeof(d));
	if (tcpcrypt_dir_key_init(k, id, &d, 1, 1))
		goto out;
	t0 = ktime_get_ns();
	for (i = 0; i < TCPCRYPT_PROF_ROUNDS; i++) {
		struct tcpcrypt_wireseg ws = {
			.seq = 1 + i * len, .ack = 1, .doff = 5, .flags = 0x10,
			.tcp_len = sizeof(struct tcphdr) + len,
			.data = len ? buf : NULL, .len = len,
		};

		if (tcpcrypt_seal(k, &ws, tag))
			goto clear;
	}
	ns = div_u64(ktime_get_ns() - t0, TCPCRYPT_PROF_ROUNDS);
clear:
	tcpcrypt_dir_key_clear(k);
out:
	kfree_sensitive(k);
	memzero_explicit(&d, sizeof(d));
	return ns;
}

static void tcpcrypt_prof_measure_bounds(void)
{
	unsigned int i;
	u8 *buf;

	memset(tcpcrypt_prof_bound, 0, sizeof(tcpcrypt_prof_bound));
	buf = kzalloc(TCPCRYPT_PROF_SEG, GFP_KERNEL);
	if (!buf)
		return;
	for (i = 0; i < ARRAY_SIZE(tcpcrypt_prof_suites); i++) {
		u32 id = tcpcrypt_prof_suites[i];

		tcpcrypt_prof_bound[i][0] = tcpcrypt_prof_seal_ns(id, buf, 0);
		tcpcrypt_prof_bound[i][1] =
			tcpcrypt_prof_seal_ns(id, buf, TCPCRYPT_PROF_SEG);
	}
	kfree(buf);
}

static void tcpcrypt_prof_clear(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tcpcrypt_prof_cpu *c = per_cpu_ptr(tcpcrypt_prof, cpu);

		local_bh_disable();
		memset(c, 0, sizeof(*c));
		local_bh_enable();
	}
}

static int tcpcrypt_prof_show(struct seq_file *m, void *v)
{
	static const char *const kind[2] = { "ack", "data" };
	static const char *const dir[2] = { "out", "in" };
	unsigned int st, in, data, i;

	seq_printf(m, "# tcpcrypt stage profile: %s\n",
		   static_key_enabled(&tcpcrypt_prof_on) ? "on" : "off");
	seq_puts(m, "# stage    dir kind        segments     ns/segment\n");
	for (in = 0; in < 2; in++)
		for (data = 0; data < 2; data++)
			for (st = 0; st < TCPCRYPT_PROF_NSTAGES; st++) {
				u64 n = 0, ns = 0;
				int cpu;

				for_each_possible_cpu(cpu) {
					const struct tcpcrypt_prof_sum *s =
						&per_cpu_ptr(tcpcrypt_prof, cpu)->s[st][in][data];

					n += READ_ONCE(s->n);
					ns += READ_ONCE(s->ns);
				}
				if (n)
					seq_printf(m, "%-10s %-3s %-4s %15llu %14llu\n",
						   tcpcrypt_prof_names[st], dir[in],
						   kind[data], n, div64_u64(ns, n));
			}
	seq_printf(m, "# bound: one seal, cipher and MAC alone, ns (pure ACK, %u-byte segment)\n",
		   TCPCRYPT_PROF_SEG);
	for (i = 0; i < ARRAY_SIZE(tcpcrypt_prof_suites); i++)
		if (tcpcrypt_prof_bound[i][1])
			seq_printf(m, "bound 0x%08x %14llu %14llu\n",
				   tcpcrypt_prof_suites[i],
				   tcpcrypt_prof_bound[i][0],
				   tcpcrypt_prof_bound[i][1]);
	return 0;
}

static int tcpcrypt_prof_open(struct inode *inode, struct file *file)
{
	return single_open(file, tcpcrypt_prof_show, NULL);
}

static ssize_t tcpcrypt_prof_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	ssize_t ret = len;
	char cmd[8] = {};

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	strim(cmd);
	mutex_lock(&tcpcrypt_prof_lock);
	if (!strcmp(cmd, "on")) {
		static_branch_disable(&tcpcrypt_prof_on);
		tcpcrypt_prof_measure_bounds();
		tcpcrypt_prof_clear();
		static_branch_enable(&tcpcrypt_prof_on);
	} else if (!strcmp(cmd, "off")) {
		static_branch_disable(&tcpcrypt_prof_on);
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&tcpcrypt_prof_lock);
	return ret;
}

static const struct file_operations tcpcrypt_prof_fops = {
	.owner = THIS_MODULE,
	.open = tcpcrypt_prof_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = tcpcrypt_prof_write,
};

int tcpcrypt_prof_init(void)
{
	tcpcrypt_prof = alloc_percpu(struct tcpcrypt_prof_cpu);
	if (!tcpcrypt_prof)
		return -ENOMEM;
	/* Without debugfs there is no switch, and profiling stays off. */
	tcpcrypt_prof_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("profile", 0600, tcpcrypt_prof_dir, NULL,
			    &tcpcrypt_prof_fops);
	return 0;
}

void tcpcrypt_prof_exit(void)
{
	/* After the hooks went: nothing adds any more. */
	debugfs_remove(tcpcrypt_prof_dir);
	static_branch_disable(&tcpcrypt_prof_on);
	free_percpu(tcpcrypt_prof);
}
