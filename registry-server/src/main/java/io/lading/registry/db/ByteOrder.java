package io.lading.registry.db;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** The spec lists tags and repositories in lexical (byte) order, whatever the database's locale. */
final class ByteOrder {
    private ByteOrder() {
    }

    static Field<String> of(Field<String> field) {
        return field.collate(DSL.collation(DSL.quotedName("C")));
    }
}
