# The Internet checksum (RFC 1071) of the input bytes: the ones' complement of the ones' complement
# sum of the 16-bit big-endian words. r1 = data, r2 = length (the runner's convention).
#
# sum.mem is the IPv4 header 4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7 with its checksum
# field zeroed; the program returns the checksum that belongs there, 0xb861. Run:
#   node bin/tsbpf.js run examples/ebpf/sum.s --mem-file examples/ebpf/sum.mem
    mov %r0, 0              # running sum
    mov %r3, %r1            # cursor
    mov %r5, %r2
    and %r5, 1              # odd trailing byte?
    mov %r4, %r1
    add %r4, %r2
    sub %r4, %r5            # end of the whole words
words:
    jge %r3, %r4, tail
    ldxh %r6, [%r3]         # memory is little-endian ...
    be16 %r6                # ... the words are big-endian
    add %r0, %r6
    add %r3, 2
    ja words
tail:
    jeq %r5, 0, fold
    ldxb %r6, [%r3]         # a last odd byte is the high half of a word
    lsh %r6, 8
    add %r0, %r6
fold:
    mov %r6, %r0            # add the carries back in until none are left
    rsh %r6, 16
    and %r0, 0xffff
    add %r0, %r6
    jgt %r0, 0xffff, fold
    xor %r0, 0xffff
    exit
