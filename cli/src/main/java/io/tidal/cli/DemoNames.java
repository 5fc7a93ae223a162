package io.tidal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Word lists that give the demo's creators and items readable names. */
final class DemoNames {
  static final String[] CATEGORIES = {
    "news", "music", "sports", "tech", "gaming", "food", "travel", "film"
  };
  private static final int[] CATEGORY_WEIGHT = {18, 16, 14, 14, 12, 10, 8, 8};

  private static final String[][] SUBJECTS = {
    {
      "Election Night",
      "Market Open",
      "Storm Warning",
      "Climate Summit",
      "Budget Vote",
      "City Council",
      "Rail Strike",
      "Energy Prices"
    },
    {
      "Midnight Jazz",
      "Summer Anthem",
      "Lo-fi Beats",
      "Piano Cover",
      "Live Session",
      "Debut Single",
      "Festival Set",
      "Acoustic Hour"
    },
    {
      "Derby Highlights",
      "Transfer Window",
      "Final Lap",
      "Last-Minute Winner",
      "Marathon Finish",
      "Title Race",
      "Penalty Shootout",
      "Rookie Season"
    },
    {
      "Phone Teardown",
      "Open Source Release",
      "Chip Launch",
      "AI Demo",
      "Laptop Review",
      "Database Internals",
      "Keyboard Build",
      "Home Lab"
    },
    {
      "Speedrun",
      "Boss Fight",
      "Patch Notes",
      "Indie Gem",
      "Tournament Final",
      "Base Tour",
      "Co-op Chaos",
      "Retro Marathon"
    },
    {
      "Sourdough",
      "Ramen Night",
      "Street Tacos",
      "Vegan Curry",
      "Knife Skills",
      "Pasta from Scratch",
      "Market Haul",
      "Five-Minute Breakfast"
    },
    {
      "Night Train",
      "Island Hopping",
      "Mountain Hut",
      "City Break",
      "Road Trip",
      "Hidden Beach",
      "Winter Cabin",
      "Old Town Walk"
    },
    {
      "Trailer Breakdown",
      "Director Interview",
      "Festival Premiere",
      "Short Film",
      "Scene Analysis",
      "Box Office Weekend",
      "Behind the Scenes",
      "Cult Classic"
    }
  };
  private static final String[] ANGLES = {
    "explained",
    "live",
    "in 5 minutes",
    "the full story",
    "reaction",
    "part 2",
    "what nobody says",
    "a first look",
    "ranked",
    "uncut",
    "the aftermath",
    "day one"
  };
  private static final String[] FIRST = {
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hugo", "Ines", "Jonas", "Kai", "Lena",
    "Malik", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen",
        "Yuki"
  };
  private static final String[] LAST = {
    "Adler", "Banerjee", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
        "Jensen",
    "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka",
        "Weber"
  };
  private static final String[] COUNTRIES = {
    "US", "GB", "DE", "FR", "BR", "IN", "JP", "NG", "SE", "ES"
  };

  private DemoNames() {}

  static String category(Random rnd) {
    int total = 0;
    for (int w : CATEGORY_WEIGHT) {
      total += w;
    }
    int x = rnd.nextInt(total);
    for (int c = 0; c < CATEGORIES.length; c++) {
      x -= CATEGORY_WEIGHT[c];
      if (x < 0) {
        return CATEGORIES[c];
      }
    }
    throw new AssertionError("category weights");
  }

  static String title(Random rnd, String category) {
    int c = List.of(CATEGORIES).indexOf(category);
    String subject = SUBJECTS[c][rnd.nextInt(SUBJECTS[c].length)];
    return subject + ": " + ANGLES[rnd.nextInt(ANGLES.length)];
  }

  static List<DemoData.Creator> creators(Random rnd, int count) {
    List<DemoData.Creator> creators = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)];
      creators.add(
          new DemoData.Creator(
              String.format(Locale.ROOT, "c%04d", i + 1),
              name,
              COUNTRIES[rnd.nextInt(COUNTRIES.length)]));
    }
    return creators;
  }
}
