package io.extractor.it;

import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A source table with a name no other test or demo uses, dropped after each test. */
final class ScratchTable implements AfterEachCallback {
    private final String name;

    ScratchTable(String prefix) {
        this.name = TestServices.uniqueTable(prefix);
    }

    String name() {
        return name;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + name);
    }
}
