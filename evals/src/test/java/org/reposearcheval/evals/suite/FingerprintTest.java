package org.reposearcheval.evals.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A fingerprint is the SHA-256 of the bytes it was given, in lowercase hex, however it is asked.
 */
class FingerprintTest {
  private static Fingerprint of(String text) {
    return Fingerprint.of(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void isTheSha256OfItsBytes() {
    // FIPS 180-2, appendix B.1 ("abc"), and `printf '' | sha256sum`.
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", of("abc").hex());
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", of("").hex());
  }

  @Test
  void givesTheSameDigitsEveryTimeItIsAskedAndAsItsText() {
    // Hashed once, its bytes then let go: the second answer comes from what the first kept.
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    Fingerprint fingerprint = of("abc");
    assertEquals(abc, fingerprint.hex());
    assertEquals(abc, fingerprint.hex());
    assertEquals(abc, fingerprint.toString());
  }

  @Test
  void equalsAnotherOfTheSameBytesOrDigitsAndNoOther() {
    assertEquals(of("abc"), of("abc"));
    assertEquals(of("abc").hashCode(), of("abc").hashCode());
    assertEquals(
        of("abc"),
        Fingerprint.ofHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assertNotEquals(of("abc"), of("abd"));
  }
}
