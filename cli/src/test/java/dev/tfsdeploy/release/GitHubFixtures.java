package dev.tfsdeploy.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * GitHub REST API responses in the shapes GitHub documents (release object, release asset, error
 * body), pointed at a MockWebServer. Field for field after the examples of "Get the latest release"
 * and "Get a release asset" in docs.github.com/rest/releases.
 */
public final class GitHubFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static long nextId = 1000;

  private GitHubFixtures() {}

  /** Reproducible pseudo-random bytes: an asset body that compresses to nothing useful. */
  public static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** A release as the API returns it. */
  public static final class ReleaseJson {
    private final String tag;
    private final long id = nextId++;
    private boolean draft;
    private boolean prerelease;
    private final List<ObjectNode> assets = new ArrayList<>();

    public ReleaseJson(String tag) {
      this.tag = tag;
    }

    public ReleaseJson draft() {
      draft = true;
      return this;
    }

    public ReleaseJson prerelease() {
      prerelease = true;
      return this;
    }

    /** An asset with GitHub's {@code digest} of its content. */
    public ReleaseJson asset(HttpUrl api, String repo, long assetId, String name, byte[] content) {
      return asset(api, repo, assetId, name, content.length, "sha256:" + sha256Hex(content));
    }

    /** An asset with the given digest; null for an asset uploaded before GitHub had digests. */
    public ReleaseJson asset(
        HttpUrl api, String repo, long assetId, String name, long size, String digest) {
      ObjectNode asset = JSON.createObjectNode();
      asset.put("url", apiUrl(api, "repos/" + repo + "/releases/assets/" + assetId));
      asset.put("id", assetId);
      asset.put("node_id", "RA_kwDOA" + assetId);
      asset.put("name", name);
      asset.putNull("label");
      asset.set("uploader", user(api));
      asset.put("content_type", "application/gzip");
      asset.put("state", "uploaded");
      asset.put("size", size);
      if (digest == null) {
        asset.putNull("digest");
      } else {
        asset.put("digest", digest);
      }
      asset.put("download_count", 42);
      asset.put("created_at", "2025-06-02T09:14:05Z");
      asset.put("updated_at", "2025-06-02T09:14:31Z");
      asset.put(
          "browser_download_url",
          "https://github.com/" + repo + "/releases/download/" + tag + "/" + name);
      assets.add(asset);
      return this;
    }

    public ObjectNode node(HttpUrl api, String repo) {
      ObjectNode release = JSON.createObjectNode();
      release.put("url", apiUrl(api, "repos/" + repo + "/releases/" + id));
      release.put("assets_url", apiUrl(api, "repos/" + repo + "/releases/" + id + "/assets"));
      release.put(
          "upload_url",
          "https://uploads.github.com/repos/" + repo + "/releases/" + id + "/assets{?name,label}");
      release.put("html_url", "https://github.com/" + repo + "/releases/tag/" + tag);
      release.put("id", id);
      release.set("author", user(api));
      release.put("node_id", "RE_kwDOA" + id);
      release.put("tag_name", tag);
      release.put("target_commitish", "main");
      release.put("name", "Model " + tag);
      release.put("draft", draft);
      release.put("immutable", false);
      release.put("prerelease", prerelease);
      release.put("created_at", "2025-06-02T09:10:00Z");
      release.put("updated_at", "2025-06-02T09:14:31Z");
      if (draft) {
        release.putNull("published_at");
      } else {
        release.put("published_at", "2025-06-02T09:14:40Z");
      }
      ArrayNode list = release.putArray("assets");
      assets.forEach(list::add);
      release.put("tarball_url", apiUrl(api, "repos/" + repo + "/tarball/" + tag));
      release.put("zipball_url", apiUrl(api, "repos/" + repo + "/zipball/" + tag));
      release.put("body", "Exported SavedModel.");
      return release;
    }

    public MockResponse response(HttpUrl api, String repo) {
      return json(node(api, repo).toString());
    }
  }

  /** {@code GET /repos/{owner}/{repo}/releases}: newest first. */
  public static MockResponse releaseList(HttpUrl api, String repo, ReleaseJson... releases) {
    ArrayNode list = JSON.createArrayNode();
    for (ReleaseJson release : releases) {
      list.add(release.node(api, repo));
    }
    return json(list.toString());
  }

  /** {@code GET /repos/{owner}/{repo}}, trimmed to the fields that identify it. */
  public static MockResponse repository(HttpUrl api, String repo) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", 1296269);
    node.put("node_id", "MDEwOlJlcG9zaXRvcnkxMjk2MjY5");
    node.put("name", repo.substring(repo.indexOf('/') + 1));
    node.put("full_name", repo);
    node.put("private", false);
    node.set("owner", user(api));
    node.put("html_url", "https://github.com/" + repo);
    node.put("url", apiUrl(api, "repos/" + repo));
    node.put("releases_url", apiUrl(api, "repos/" + repo + "/releases{/id}"));
    node.put("default_branch", "main");
    return json(node.toString());
  }

  /** GitHub's error body: {@code {"message": ..., "documentation_url": ..., "status": ...}}. */
  public static MockResponse error(int status, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("message", message);
    node.put(
        "documentation_url",
        "https://docs.github.com/rest/releases/releases#get-the-latest-release");
    node.put("status", Integer.toString(status));
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("X-GitHub-Media-Type", "github.v3; format=json")
        .body(node.toString())
        .build();
  }

  public static MockResponse notFound() {
    return error(404, "Not Found");
  }

  /**
   * The API's answer to {@code GET .../releases/assets/{id}} with {@code Accept:
   * application/octet-stream}.
   */
  public static MockResponse redirectTo(HttpUrl location) {
    return new MockResponse.Builder()
        .code(302)
        .setHeader("Location", location.toString())
        .setHeader("Content-Type", "text/html;charset=utf-8")
        .build();
  }

  public static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("X-GitHub-Media-Type", "github.v3; format=json")
        .setHeader("X-RateLimit-Limit", "5000")
        .setHeader("X-RateLimit-Remaining", "4999")
        .setHeader("X-RateLimit-Reset", "1748857200")
        .body(body)
        .build();
  }

  private static ObjectNode user(HttpUrl api) {
    ObjectNode user = JSON.createObjectNode();
    user.put("login", "github-actions[bot]");
    user.put("id", 41898282);
    user.put("node_id", "MDM6Qm90NDE4OTgyODI=");
    user.put("avatar_url", "https://avatars.githubusercontent.com/in/15368?v=4");
    user.put("gravatar_id", "");
    user.put("url", apiUrl(api, "users/github-actions%5Bbot%5D"));
    user.put("html_url", "https://github.com/apps/github-actions");
    user.put("type", "Bot");
    user.put("site_admin", false);
    return user;
  }

  private static String apiUrl(HttpUrl api, String path) {
    return api.resolve(path).toString();
  }
}
