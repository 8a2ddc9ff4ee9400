# SPDX-License-Identifier: GPL-2.0
# Planted: a test whose own parts are reported, one of them failing.
printf 'ok - part one\nnot ok - part two\n' > /tmp/planted_part_failure.subtests
