package io.lading.spec.name;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameGlobTest {
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "models/*, models/llama, true",
            "models/*, models/team/llama, false",
            "models/**, models/team/llama, true",
            "models/**, other/llama, false",
            "v?, v1, true",
            "v?, v10, false",
            "a?b, a/b, false",
            "models/llama.v1, models/llamaxv1, false",
    })
    void starIsOneComponent_doubleStarAnyNumber_questionMarkOneCharacter_restLiteral(String glob, String name, boolean matches) {
        assertEquals(matches, NameGlob.compile(glob).matcher(name).matches());
    }
}
