package dev.charter.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy authors a worker trusts, and for which tenants: the public keys against which bundle
 * signatures are checked. Read from a JSON file, {@code {"authors": [{"author": "pat.admin",
 * "tenants": ["acme-shop"], "key": <public RSA JWK>}]}}.
 */
public final class TrustedAuthors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final List<Author> authors;

  /**
   * One trusted author key.
   *
   * @param author the author's id, a Cedar {@code Human}
   * @param tenants the tenants whose bundles this key may sign
   * @param key the public key
   */
  public record Author(String author, Set<String> tenants, RSAKey key) {
    public Author {
      tenants = Set.copyOf(tenants);
      key = key.toPublicJWK();
    }

    /** The key id: the JWK thumbprint. */
    public String keyId() {
      return key.getKeyID();
    }
  }

  /**
   * @param source where the list was read, named in messages
   * @param authors the trusted keys
   */
  public TrustedAuthors(String source, List<Author> authors) {
    this.source = source;
    this.authors = List.copyOf(authors);
  }

  /** Trusts nobody: every signed bundle is untrusted. */
  public static TrustedAuthors none() {
    return new TrustedAuthors("(no trusted authors)", List.of());
  }

  /**
   * Reads a trusted-authors file from a directory path or {@code classpath:<resource>}.
   *
   * @throws IllegalArgumentException naming the location and the bad entry
   */
  public static TrustedAuthors load(String location) {
    byte[] bytes;
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length());
        try (InputStream in = TrustedAuthors.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalArgumentException(
                "trusted policy authors `" + location + "`: no such classpath resource");
          }
          bytes = in.readAllBytes();
        }
      } else {
        bytes = Files.readAllBytes(Path.of(location));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "trusted policy authors `" + location + "` cannot be read: " + e.getMessage(), e);
    }
    List<Author> authors = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(bytes);
      JsonNode list = root == null ? null : root.get("authors");
      if (list == null || !list.isArray()) {
        throw new IllegalArgumentException(
            "trusted policy authors `" + location + "`: expected {\"authors\": [...]}");
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode entry = list.get(i);
        String where = "trusted policy authors `" + location + "` entry " + i;
        String author = entry.path("author").asText("");
        if (author.isBlank()) {
          throw new IllegalArgumentException(where + ": `author` is missing");
        }
        Set<String> tenants = new LinkedHashSet<>();
        entry.path("tenants").forEach(t -> tenants.add(t.asText()));
        if (tenants.isEmpty()) {
          throw new IllegalArgumentException(
              where + " (`" + author + "`): `tenants` is empty; name the tenants it may sign for");
        }
        JWK jwk = JWK.parse(JSON.writeValueAsString(entry.path("key")));
        if (!(jwk instanceof RSAKey rsa)) {
          throw new IllegalArgumentException(
              where + " (`" + author + "`): the key is " + jwk.getKeyType() + ", not RSA");
        }
        if (rsa.isPrivate()) {
          throw new IllegalArgumentException(
              where
                  + " (`"
                  + author
                  + "`): the key has a private part; a worker must hold public keys only");
        }
        RSAKey withId =
            rsa.getKeyID() == null ? new RSAKey.Builder(rsa).keyIDFromThumbprint().build() : rsa;
        authors.add(new Author(author, tenants, withId));
      }
    } catch (IOException | ParseException | JOSEException e) {
      throw new IllegalArgumentException(
          "trusted policy authors `" + location + "` is not valid: " + e.getMessage(), e);
    }
    return new TrustedAuthors(location, authors);
  }

  /** Where this list came from. */
  public String source() {
    return source;
  }

  /** The trusted keys. */
  public List<Author> authors() {
    return authors;
  }

  /**
   * Checks {@code signature} (or its absence) against {@code bundle} for {@code tenant}: the key
   * must be trusted, belong to the author the signature names, be trusted for the tenant, the JWS
   * must verify, and the hash it signs must be the bundle's content hash.
   *
   * @param artifact what is checked, e.g. the bundle's location, named in the result's detail
   */
  public SignatureCheck check(
      PolicyBundle bundle, Optional<BundleSignature> signature, String tenant, String artifact) {
    String what = "policy bundle `" + bundle.name() + "` at `" + artifact + "`";
    if (signature.isEmpty()) {
      return new SignatureCheck(
          SignatureCheck.Status.UNSIGNED,
          artifact,
          bundle.id(),
          null,
          null,
          null,
          what
              + " (sha-256 "
              + bundle.id()
              + ") is unsigned: it has no "
              + BundleSignature.FILE
              + "; sign it with `charter policy sign`");
    }
    BundleSignature sig = signature.get();
    Optional<Author> trusted =
        authors.stream().filter(a -> a.keyId().equals(sig.keyId())).findFirst();
    if (trusted.isEmpty()) {
      return SignatureCheck.failed(
          SignatureCheck.Status.UNTRUSTED,
          artifact,
          bundle,
          sig,
          what
              + " is signed by key "
              + sig.keyId()
              + " (author `"
              + sig.author()
              + "`), which is not among the trusted policy authors of "
              + source);
    }
    Author author = trusted.get();
    boolean verifies;
    try {
      verifies = sig.jws().verify(new RSASSAVerifier(author.key()));
    } catch (JOSEException e) {
      verifies = false;
    }
    if (!verifies || !author.author().equals(sig.author())) {
      return SignatureCheck.failed(
          SignatureCheck.Status.INVALID,
          artifact,
          bundle,
          sig,
          what
              + ": its "
              + BundleSignature.FILE
              + " does not verify with the key of author `"
              + author.author()
              + "` ("
              + author.keyId()
              + "); content sha-256 "
              + bundle.id()
              + ", signed claim "
              + sig.bundleHash());
    }
    if (!author.tenants().contains(tenant)) {
      return SignatureCheck.failed(
          SignatureCheck.Status.UNTRUSTED,
          artifact,
          bundle,
          sig,
          what
              + " is signed by `"
              + sig.author()
              + "`, whose key is trusted for "
              + author.tenants()
              + " but not for tenant `"
              + tenant
              + "`");
    }
    if (!sig.bundleHash().equals(bundle.id())) {
      return SignatureCheck.failed(
          SignatureCheck.Status.TAMPERED,
          artifact,
          bundle,
          sig,
          what
              + " was changed after signing: its content has sha-256 "
              + bundle.id()
              + " but `"
              + sig.author()
              + "` signed sha-256 "
              + sig.bundleHash());
    }
    return new SignatureCheck(
        SignatureCheck.Status.VERIFIED,
        artifact,
        bundle.id(),
        sig.bundleHash(),
        sig.author(),
        sig.keyId(),
        what + " is signed by `" + sig.author() + "` (key " + sig.keyId() + ")");
  }
}
