package org.payerauth.it.versions;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a compiled class declares and refers to, read from its bytes (JVM spec §4): its name, supertypes, methods and
 * fields, and the classes, methods and fields its code links to. Enough to tell, without loading anything, whether a
 * class links against another Keycloak's classes.
 */
record ClassFile(String name, String superName, List<String> interfaces, int access, List<Member> methods,
                 List<Member> fields, List<Ref> refs, List<String> classRefs) {

    static final int ACC_STATIC = 0x0008;
    static final int ACC_PRIVATE = 0x0002;
    static final int ACC_INTERFACE = 0x0200;
    static final int ACC_ABSTRACT = 0x0400;

    /** A declared method or field. */
    record Member(String name, String descriptor, int access) {
        boolean is(int flag) {
            return (access & flag) != 0;
        }
    }

    /** A field or method this class's code uses ({@code owner} in internal form, {@code a/b/C}). */
    record Ref(String owner, String name, String descriptor, boolean method) {
        @Override
        public String toString() {
            return owner.replace('/', '.') + (method ? "." : "#") + name + descriptor;
        }
    }

    boolean isInterface() {
        return (access & ACC_INTERFACE) != 0;
    }

    static ClassFile read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            int[] tags = new int[count];
            String[] utf8 = new String[count];
            int[] first = new int[count];
            int[] second = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                tags[i] = tag;
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> {
                        first[i] = in.readUnsignedShort();
                        second[i] = in.readUnsignedShort();
                    }
                    case 15 -> {
                        first[i] = in.readUnsignedByte();
                        second[i] = in.readUnsignedShort();
                    }
                    default -> throw new IllegalArgumentException("constant pool tag " + tag);
                }
            }
            List<Ref> refs = new ArrayList<>();
            List<String> classRefs = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                    String owner = utf8[first[first[i]]];
                    int nameAndType = second[i];
                    refs.add(new Ref(owner, utf8[first[nameAndType]], utf8[second[nameAndType]], tags[i] != 9));
                } else if (tags[i] == 7) {
                    classRefs.add(utf8[first[i]]);
                }
            }
            int access = in.readUnsignedShort();
            String name = utf8[first[in.readUnsignedShort()]];
            int superIndex = in.readUnsignedShort();
            String superName = superIndex == 0 ? null : utf8[first[superIndex]];
            int interfaceCount = in.readUnsignedShort();
            List<String> interfaces = new ArrayList<>();
            for (int i = 0; i < interfaceCount; i++) {
                interfaces.add(utf8[first[in.readUnsignedShort()]]);
            }
            List<Member> fields = members(in, utf8);
            List<Member> methods = members(in, utf8);
            return new ClassFile(name, superName, List.copyOf(interfaces), access, methods, fields, refs, classRefs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Member> members(DataInputStream in, String[] utf8) throws IOException {
        int count = in.readUnsignedShort();
        List<Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int access = in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.readUnsignedShort();
                in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
            }
            members.add(new Member(name, descriptor, access));
        }
        return members;
    }
}
