import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.ManifestSchema;
import dev.tfsdeploy.overlay.RenderOptions;
import dev.tfsdeploy.overlay.Rendering;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders many kustomization directories in one JVM, as `tfs-deploy render DIR` would (render,
 * then the schema check), so scripts/krusty-compare does not pay a JVM start per case.
 * Usage: java -cp cli/target/tfs-deploy.jar scripts/KrustyRender.java OUT_DIR DIR...
 * Writes OUT_DIR/<n>.yaml for the n-th DIR, or OUT_DIR/<n>.err with the error.
 */
public class KrustyRender {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      Path dir = Path.of(args[i]);
      try {
        Rendering rendering = Kustomization.load(dir).render(RenderOptions.DEFAULT);
        ManifestSchema.check(rendering, dir.toString());
        Files.writeString(out.resolve(i + ".yaml"), rendering.yaml());
      } catch (UserError e) {
        Files.writeString(out.resolve(i + ".err"), e.getMessage() + "\n");
      } catch (RuntimeException | StackOverflowError e) {
        Files.writeString(out.resolve(i + ".err"), "CRASH " + e + "\n");
      }
    }
  }
}
