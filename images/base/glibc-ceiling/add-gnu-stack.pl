#!/usr/bin/perl
# Gives an ELF64 little-endian shared object a PT_GNU_STACK program header (read-write, not executable).
# tcc 0.9.27 writes none, and without one the loader takes the object to need an executable stack, which
# glibc 2.41 refuses for dlopen and LD_AUDIT ("cannot enable executable stack as shared object requires").
# The new program header table goes at the end of the file: the loader copies a table that no segment
# maps (glibc elf/dl-load.c), so nothing else moves. Usage: add-gnu-stack.pl FILE (rewritten in place).
use strict;
use warnings;

my $path = shift or die "usage: $0 FILE\n";
open(my $in, '<:raw', $path) or die "$path: $!\n";
my $elf = do { local $/; <$in> };
close($in);
die "$path: not an ELF64 little-endian file\n" unless substr($elf, 0, 6) eq "\x7fELF\x02\x01";

my $phoff = unpack('Q<', substr($elf, 0x20, 8));
my ($phentsize, $phnum) = unpack('S<S<', substr($elf, 0x36, 4));
my $table = substr($elf, $phoff, $phentsize * $phnum);
for my $i (0 .. $phnum - 1) {
  exit 0 if unpack('L<', substr($table, $i * $phentsize, 4)) == 0x6474e551;
}
# p_type PT_GNU_STACK, p_flags PF_R|PF_W, offsets and sizes 0, p_align 16.
$table .= pack('L<L<Q<Q<Q<Q<Q<Q<', 0x6474e551, 6, 0, 0, 0, 0, 0, 16);
$elf .= "\0" x ((8 - length($elf) % 8) % 8);
my $newoff = length($elf);
$elf .= $table;
substr($elf, 0x20, 8) = pack('Q<', $newoff);
substr($elf, 0x38, 2) = pack('S<', $phnum + 1);

open(my $out, '>:raw', $path) or die "$path: $!\n";
print $out $elf;
close($out) or die "$path: $!\n";
