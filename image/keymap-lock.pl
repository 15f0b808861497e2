#!/usr/bin/perl
# Remove the console-switching and system keys from a binary keymap in
# the format of "loadkeys -b" (which busybox loadkmap reads), so that
# the candidate cannot leave the Examiner's console from the keyboard.
#
#   keymap-lock.pl < uk.bmap > uk-locked.bmap
#
# The format is the 7 bytes "bkeymap", one byte per keymap (256) that
# says whether it is present, then 128 native-endian 16-bit entries for
# each present keymap.  An entry below 0x0f00 is K(type, value) as in
# <linux/keyboard.h>; higher entries are Unicode characters.
use strict;
use warnings;

my $K_HOLE = 0x0200;		# K(KT_SPEC, 0): VoidSymbol
my $KT_SPEC = 2;
my $KT_CONS = 5;		# Console_1 to Console_63
# KT_SPEC actions that leave or inspect the console: Show_Registers,
# Show_Memory, Show_State, Last_Console, Boot (Ctrl-Alt-Del), SAK,
# Decr_Console, Incr_Console, Spawn_Console.
my %spec_locked = map { $_ => 1 } (2, 3, 4, 6, 12, 15, 16, 17, 18);

binmode STDIN;
binmode STDOUT;
local $/;
my $map = <STDIN>;
die "keymap-lock: input is not a binary keymap\n"
    unless defined $map && substr($map, 0, 7) eq 'bkeymap';
my @present = unpack('C256', substr($map, 7, 256));
my $tables = grep { $_ } @present;
my $want = 7 + 256 + $tables * 256;
die "keymap-lock: keymap is " . length($map) . " bytes, expected $want\n"
    unless length($map) == $want;

my @entries = unpack('S*', substr($map, 263));
my $removed = 0;
for my $e (@entries) {
	next if $e >= 0x0f00;
	my ($type, $value) = ($e >> 8, $e & 0xff);
	if ($type == $KT_CONS ||
	    ($type == $KT_SPEC && $spec_locked{$value})) {
		$e = $K_HOLE;
		$removed++;
	}
}
print substr($map, 0, 263), pack('S*', @entries);
print STDERR "keymap-lock: $removed keys removed\n" if $ENV{VERBOSE};
