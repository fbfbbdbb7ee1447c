import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a synthetic image folder for the ResNet-50 throughput slice: DIR/train|test/classNN/*.jpg,
 * 256x256 JPEGs of class-coloured shapes over noise (the data pipeline crops them to 224x224).
 * Run as {@code java MakeImages.java DIR CLASSES TRAIN_PER_CLASS TEST_PER_CLASS}; seeded, so every
 * run writes the same files. Throughput does not depend on what the pixels show.
 */
public class MakeImages {
    public static void main(String[] args) throws Exception {
        File root = new File(args[0]);
        int classes = Integer.parseInt(args[1]);
        int[] perClass = {Integer.parseInt(args[2]), Integer.parseInt(args[3])};
        String[] parts = {"train", "test"};
        Random random = new Random(42);
        for (int p = 0; p < 2; p++) {
            for (int c = 0; c < classes; c++) {
                File dir = new File(root, parts[p] + "/class" + String.format("%02d", c));
                dir.mkdirs();
                Color colour = Color.getHSBColor(c / (float) classes, 0.8f, 0.9f);
                for (int i = 0; i < perClass[p]; i++) {
                    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 256; y++) {
                        for (int x = 0; x < 256; x++) {
                            int v = random.nextInt(64);
                            image.setRGB(x, y, (v << 16) | (v << 8) | v);
                        }
                    }
                    Graphics2D g = image.createGraphics();
                    g.setColor(colour);
                    g.fillOval(random.nextInt(96), random.nextInt(96), 96 + random.nextInt(64), 96 + random.nextInt(64));
                    g.dispose();
                    ImageIO.write(image, "jpg", new File(dir, i + ".jpg"));
                }
            }
        }
    }
}
