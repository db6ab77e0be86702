package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Design terms, reasoning cues and small-task cues in German, French, Spanish, Italian, Portuguese
 * and Dutch, written with and without accents, and common words of those languages that must not count.
 */
class PromptFeaturesLanguagesTest {

    private static PromptFeatures of(String prompt) {
        return PromptFeatures.extract(prompt, PromptContext.NONE);
    }

    @Test
    void german() {
        assertThat(of("Wie sollte ich die Architektur unseres Bestellsystems in Microservices aufteilen, "
                + "und welche Trade-offs gibt es?").designTerms()).isEqualTo(3);
        assertThat(of("Softwareentwurf der Datenbankmigration: Skalierbarkeit, Abwägung, Strategie, entkoppeln")
                .designTerms()).isEqualTo(6);
        assertThat(of("Datenbank-Migration, API-Design, Code-Review, Race-Condition, Performance-Probleme"))
                .extracting(PromptFeatures::designTerms, PromptFeatures::reasoningCues).containsExactly(2, 3);
        assertThat(of("Microservice-Architektur oder Monolith umstrukturieren?").designTerms()).isEqualTo(3);
        assertThat(of("Vor- und Nachteile, vergleiche die beiden Ansätze").designTerms()).isEqualTo(2);
        assertThat(of("Erkläre, warum das langsam ist").reasoningCues()).isEqualTo(3);
        assertThat(of("Speicherleck oder Race Condition? Der Test ist flaky, bitte debuggen").reasoningCues()).isEqualTo(3);
        assertThat(of("Tippfehler: bitte umbenennen, Einrückung und Semikolon, ungenutzte Importe, Syntax").quickCues())
                .isEqualTo(6);
        assertThat(of("Benenne die Methode in `laden` um").quickCues()).isEqualTo(1);
    }

    @Test
    void germanWithoutUmlauts() {
        assertThat(of("Bitte die Vor- und Nachteile abwaegen, Abwaegung der Skalierbarkeit").designTerms()).isEqualTo(2);
        assertThat(of("kannst du erklaeren warum").reasoningCues()).isEqualTo(2);
        assertThat(of("Einrueckung korrigieren").quickCues()).isEqualTo(1);
        assertThat(of("Was heißt dieser Befehl?").quickCues()).isEqualTo(2);
        assertThat(of("Was heisst dieser Befehl?").quickCues()).isEqualTo(2);
    }

    @Test
    void french() {
        assertThat(of("Quelle architecture pour découpler la facturation ? Quels compromis, quelle évolutivité ?")
                .designTerms()).isEqualTo(4);
        assertThat(of("concevoir la migration, restructurer le monolithe").designTerms()).isEqualTo(4);
        assertThat(of("Pourquoi ce test échoue-t-il de façon intermittente ?").reasoningCues()).isEqualTo(3);
        assertThat(of("peux-tu expliquer cette fuite mémoire ? c'est lent").reasoningCues()).isEqualTo(3);
        assertThat(of("faute de frappe, renommer la variable, l'indentation").quickCues()).isEqualTo(3);
    }

    @Test
    void frenchWithoutAccents() {
        assertThat(of("decoupler les modules, evolutivite, strategie de migration").designTerms()).isEqualTo(4);
        assertThat(of("pourquoi ca echoue, c'est tres lent").reasoningCues()).isEqualTo(2);
    }

    @Test
    void spanish() {
        assertThat(of("Estamos diseñando la arquitectura; ¿cómo desacoplar los microservicios y qué escalabilidad?")
                .designTerms()).isEqualTo(5);
        assertThat(of("¿Por qué la consulta es tan lenta? Explícame la fuga de memoria").reasoningCues()).isEqualTo(4);
        assertThat(of("Corrige la indentación, renombra la clase y falta un punto y coma").quickCues()).isEqualTo(3);
    }

    @Test
    void spanishWithoutAccents() {
        assertThat(of("disenar la arquitectura, migracion de datos, ventajas y desventajas").designTerms()).isEqualTo(4);
        assertThat(of("por que es tan lento, explicame").reasoningCues()).isEqualTo(3);
        assertThat(of("como hago para quitar los imports sin usar").quickCues()).isEqualTo(2);
    }

    @Test
    void italian() {
        assertThat(of("Dobbiamo progettare l'architettura: compromessi, scalabilità, ristrutturare il modulo")
                .designTerms()).isEqualTo(5);
        assertThat(of("Perché va in deadlock? Spiegami le prestazioni lente").reasoningCues()).isEqualTo(4);
        assertThat(of("c'è un refuso, rinomina la funzione e aggiungi il punto e virgola").quickCues()).isEqualTo(3);
    }

    @Test
    void italianWithoutAccents() {
        assertThat(of("perche e lento? scalabilita e disaccoppiamento").reasoningCues()).isEqualTo(2);
        assertThat(of("perche e lento? scalabilita e disaccoppiamento").designTerms()).isEqualTo(2);
    }

    @Test
    void portuguese() {
        assertThat(of("Qual a melhor arquitetura para migrar o monolito? Precisamos desacoplar e de escalabilidade")
                .designTerms()).isEqualTo(5);
        assertThat(of("Por que esse teste é lento? Explica o vazamento de memória").reasoningCues()).isEqualTo(5);
        assertThat(of("Renomeie a variável, tem um erro de digitação e a sintaxe").quickCues()).isEqualTo(3);
    }

    @Test
    void portugueseWithoutAccents() {
        assertThat(of("vantagens e desvantagens, estrategia de migracao, escalavel").designTerms()).isEqualTo(4);
        assertThat(of("como faco para renomear e corrigir a identacao").quickCues()).isEqualTo(3);
    }

    @Test
    void dutch() {
        assertThat(of("Hoe zetten we de architectuur op? Afwegingen rond schaalbaarheid, ontkoppelen en datamigratie")
                .designTerms()).isEqualTo(5);
        assertThat(of("Webshoparchitectuur, van monoliet naar losse services").designTerms()).isEqualTo(2);
        assertThat(of("Waarom is deze query zo traag? Leg uit, er is een geheugenlek").reasoningCues()).isEqualTo(4);
        assertThat(of("Typfout in de foutmelding, hernoem de klasse, ongebruikte imports").quickCues()).isEqualTo(3);
    }

    @Test
    void commonWordsAreNotTerms() {
        String quick = "Im Projekt ist ein Fehler im Plan? Nein: la commande du client, il progetto, o projeto, "
                + "piano piano, het plan van de klant, die Leistungen der Rechnung, une ligne de plus";
        PromptFeatures f = of(quick);
        assertThat(f.designTerms()).as("plan only").isEqualTo(1);
        assertThat(f.reasoningCues()).as("Fehler only").isEqualTo(1);
        assertThat(f.quickCues()).isZero();
        assertThat(of("rename the ImmigrationForm field, the immigration date").designTerms()).isZero();
        assertThat(of("Schreib einen Entwurf für die Commit-Nachricht").designTerms()).as("a draft").isZero();
        assertThat(of("Ändere den Plan-Namen im Enum").designTerms()).as("plan as a modifier").isZero();
    }

    @Test
    void proseInOtherLanguagesIsStillTellingCodeFromWords() {
        assertThat(of("Warum?\n```java\nvar architektur = migration.strategie();\n```").designTerms()).isZero();
    }
}
