package dev.edgesync.testkit.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.nativeimage.fixture.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeRegistrationProblemsTest {
    private static final String FIXTURE = "dev.edgesync.testkit.nativeimage.fixture.Codec$";

    private static List<String> problems(List<String> expected) {
        return NativeRegistration.problems(List.of(SerializedTypes.rootOf(Codec.class)),
                "dev/edgesync/testkit/nativeimage/fixture/", Codec.class.getClassLoader(), expected);
    }

    @Test
    void namesEachUnregisteredTypeEachValueOfUnknownTypeAndEachExpectedTypeTheScanMissed() {
        List<String> problems = problems(List.of(FIXTURE + "Registered", FIXTURE + "NeverSerialised"));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("serialised but not registered for reflection: " + FIXTURE + "ReadOnly"), problems.get(0));
        assertTrue(problems.get(1).startsWith("serialised but not registered for reflection: " + FIXTURE + "Unregistered (from "
                + Codec.class.getName() + ".write"), problems.get(1));
        assertEquals("handed to Jackson with a type this check cannot see: " + Codec.class.getName()
                + ".writeUnknown: argument of com/fasterxml/jackson/databind/ObjectMapper.writeValueAsString", problems.get(2));
        assertEquals("expected among the serialised types but not found: " + FIXTURE + "NeverSerialised", problems.get(3));
    }

}
