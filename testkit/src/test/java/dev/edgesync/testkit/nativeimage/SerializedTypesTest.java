package dev.edgesync.testkit.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.nativeimage.fixture.Codec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SerializedTypesTest {
    private static final String FIXTURE = "dev.edgesync.testkit.nativeimage.fixture.Codec$";

    private final SerializedTypes scan = SerializedTypes.scan(List.of(SerializedTypes.rootOf(Codec.class)),
            "dev/edgesync/testkit/nativeimage/fixture/", getClass().getClassLoader());

    @Test
    void findsTypesWrittenDirectlyThroughObjectParametersReadByClassLiteralAndTheirComponents() {
        assertEquals(Set.of(FIXTURE + "Registered", FIXTURE + "Unregistered", FIXTURE + "Part", FIXTURE + "ReadOnly"),
                scan.serialised().keySet());
        assertTrue(scan.serialised().get(FIXTURE + "Unregistered").contains(Codec.class.getName() + ".write"),
                scan.serialised().toString());
    }

    @Test
    void reportsTheTypesNoAnnotationRegisters() {
        assertEquals(Set.of(FIXTURE + "Unregistered", FIXTURE + "ReadOnly"), scan.unregistered().keySet());
    }

    @Test
    void reportsAValueWhoseTypeCannotBeTold() {
        assertEquals(Set.of(Codec.class.getName() + ".writeUnknown: argument of com/fasterxml/jackson/databind/ObjectMapper.writeValueAsString"),
                scan.unknown());
    }
}
