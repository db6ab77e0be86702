package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How prose is split into words and how a spec's terms match them. */
class VocabularyTest {

    @Test
    void accentedLettersAreInsideWordsAndFoldedAway() {
        assertThat(Vocabulary.words("Warum schlägt die Datenbankmigration fehl? Ça échoue, ñandú, perché"))
                .containsExactly("warum", "schlagt", "die", "datenbankmigration", "fehl", "ca", "echoue", "nandu", "perche");
        assertThat(Vocabulary.words("Größe heißt")).containsExactly("grosse", "heisst");
    }

    @Test
    void combiningAccentsDoNotSplitAWord() {
        assertThat(Vocabulary.words("e\u0301choue Abwa\u0308gung")).containsExactly("echoue", "abwagung");
    }

    @Test
    void elidedArticlesGoButContractionsStay() {
        assertThat(Vocabulary.words("l'architecture dell'applicazione d\u2019évolutivité don't they're 'typo'"))
                .containsExactly("architecture", "applicazione", "evolutivite", "don't", "they're", "typo");
    }

    @Test
    void aHyphenatedWordIsFollowedByItsLastPart() {
        assertThat(Vocabulary.words("Microservice-Architektur, Datenbank- und Plan-Namen, trade-off"))
                .containsExactly("microservice-architektur", "architektur", "datenbank", "und", "plan-namen", "namen",
                        "trade-off", "off");
    }

    @Test
    void suffixesMatchTheHeadOfACompound() {
        Vocabulary v = new Vocabulary("*migration|architekt*");
        assertThat(v.foundIn(List.of("datenbankmigration"))).isTrue();
        assertThat(v.foundIn(List.of("architekturentscheidung"))).isTrue();
        assertThat(v.foundIn(List.of("migrationsskript"))).isFalse();
        assertThat(v.foundIn(List.of("immigration"))).as("two letters are a prefix, not a compound").isFalse();
        assertThat(new Vocabulary("*speicherleck").foundIn(List.of("speicherleck"))).isTrue();
    }

    @Test
    void specTermsAreFoldedLikeTheProse() {
        Vocabulary v = new Vocabulary("évolutivité, abwäg*");
        assertThat(v.foundIn(Vocabulary.words("l'évolutivité"))).isTrue();
        assertThat(v.foundIn(Vocabulary.words("evolutivite"))).isTrue();
        assertThat(v.foundIn(Vocabulary.words("Abwägungen"))).isTrue();
    }
}
