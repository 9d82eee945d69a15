package dev.charter.model.dataset;

import dev.charter.model.Intent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Generates the support-desk intent dataset from templates and slot values, with a seed, plus (for
 * recipes that ask for it) curated paraphrases kept in the repository.
 *
 * <p>Each intent has hand-written templates in varied registers (plain, polite, terse, angry);
 * slots are filled from fixed value lists, and a seeded share of texts gets greetings, sign-offs,
 * lower case or a typo so the classifier does not learn one phrasing. PII appears only as the typed
 * tokens perception leaves ({@code <email:1>}, {@code <phone:1>}, {@code <card_number:1>}), because
 * that is all the model ever sees at run time. Same seed, same recipe, same version: same bytes.
 *
 * <p>The held-out split is honest about phrasing: every fifth template of each intent is reserved
 * for it and never generates a training line, so held-out accuracy measures generalisation to
 * unseen phrasings, not recall of seen ones. The held-out split depends only on the seed, not on
 * the recipe, so every model version is scored on the same examples.
 */
public final class DatasetGenerator {

  /** Name recorded in the lineage. */
  public static final String NAME = "charter-intent-templates";

  /**
   * Version recorded in the lineage; bump it on any change to templates, slots, curated lines or
   * sampling, because the output bytes change with it.
   */
  public static final String VERSION = "2.0.0";

  /** Held-out examples generated per intent, from the held-out templates only. */
  public static final int HELD_OUT_PER_INTENT = 24;

  /** Every {@code HELD_OUT_TEMPLATE_STRIDE}-th template of an intent is held out. */
  static final int HELD_OUT_TEMPLATE_STRIDE = 5;

  /** Source id of the template-generated lines. */
  public static final String TEMPLATES_SOURCE = "templates";

  /** Source id of the curated paraphrases. */
  public static final String CURATED_SOURCE = "curated-paraphrases";

  /** Classpath resource holding the curated paraphrases, one JSON object a line. */
  public static final String CURATED_RESOURCE =
      "dev/charter/model/dataset/curated-paraphrases.jsonl";

  static final String HELD_OUT_RULE =
      "template-disjoint: templates with index % "
          + HELD_OUT_TEMPLATE_STRIDE
          + " == "
          + (HELD_OUT_TEMPLATE_STRIDE - 1)
          + " of each intent generate only held-out lines ("
          + HELD_OUT_PER_INTENT
          + " per intent, own seeded stream, identical for every recipe); curated lines are"
          + " training only";

  /** A salt so the held-out stream never shares random draws with the training stream. */
  private static final long HELD_OUT_SALT = 0x6865_6c64_6f75_74L;

  /**
   * What a model version's dataset is made of.
   *
   * @param datasetVersion the model version the dataset is for, e.g. {@code v1}
   * @param trainPerIntent training lines generated per intent from the training templates
   * @param curatedParaphrases whether the curated paraphrases are added to training
   */
  public record Recipe(String datasetVersion, int trainPerIntent, boolean curatedParaphrases) {

    public Recipe {
      if (trainPerIntent < 1 || trainPerIntent > 1000) {
        throw new IllegalArgumentException("trainPerIntent must be 1..1000, got " + trainPerIntent);
      }
    }
  }

  private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

  private static final Map<Intent, List<String>> TEMPLATES = templates();

  private static final Map<String, List<String>> SLOTS =
      Map.of(
          "order",
          List.of(
              "1001", "1017", "1042", "1108", "1230", "1377", "2054", "2291", "3310", "4127",
              "4488", "5012", "5630", "6203", "7145", "7781", "8032", "8890", "9154", "9921"),
          "item",
          List.of(
              "blender",
              "kettle",
              "headphones",
              "coffee machine",
              "toaster",
              "vacuum cleaner",
              "phone case",
              "desk lamp",
              "jacket",
              "running shoes",
              "backpack",
              "monitor"),
          "amount",
          List.of(
              "25 euros",
              "49.99 EUR",
              "120 dollars",
              "$80",
              "15 pounds",
              "300 euros",
              "the full amount",
              "65 EUR"),
          "days",
          List.of("two", "three", "five", "seven", "ten", "12", "4", "14"),
          "times",
          List.of("second", "third", "fourth", "fifth", "sixth"),
          "email",
          List.of("<email:1>"),
          "phone",
          List.of("<phone:1>"),
          "card",
          List.of("<card_number:1>"));

  private static final List<String> GREETINGS =
      List.of("Hi, ", "Hello, ", "Good morning, ", "Hey ", "Dear support, ", "Hi team, ");

  private static final List<String> SIGN_OFFS =
      List.of(" Thanks!", " Thank you.", " Regards.", " Thanks in advance.", " Cheers");

  private final long seed;
  private final Recipe recipe;

  /** A generator that will produce the dataset of {@code recipe} with {@code seed}. */
  public DatasetGenerator(long seed, Recipe recipe) {
    this.seed = seed;
    this.recipe = recipe;
  }

  /** Generates the dataset: template-disjoint held-out split, then a seeded training order. */
  public GeneratedDataset generate() {
    Random trainRandom = new Random(seed);
    Random heldOutRandom = new Random(seed ^ HELD_OUT_SALT);
    List<LabeledExample> train = new ArrayList<>();
    List<LabeledExample> heldOut = new ArrayList<>();
    List<String> heldOutTemplateIds = new ArrayList<>();
    // The template intents only (EnumMap order = output order); `other` is v3's, not theirs.
    for (Intent intent : TEMPLATES.keySet()) {
      List<String> templates = TEMPLATES.get(intent);
      List<Integer> trainTemplates = new ArrayList<>();
      List<Integer> heldOutTemplates = new ArrayList<>();
      for (int i = 0; i < templates.size(); i++) {
        (isHeldOutTemplate(i) ? heldOutTemplates : trainTemplates).add(i);
      }
      heldOutTemplates.forEach(i -> heldOutTemplateIds.add(templateId(intent, i)));
      train.addAll(examplesFor(intent, trainTemplates, recipe.trainPerIntent(), trainRandom));
      heldOut.addAll(examplesFor(intent, heldOutTemplates, HELD_OUT_PER_INTENT, heldOutRandom));
    }
    Map<String, DatasetLineage.Source> sources = new LinkedHashMap<>();
    sources.put(
        TEMPLATES_SOURCE,
        new DatasetLineage.Source(
            "generated",
            DatasetGenerator.class.getName() + " " + VERSION,
            "Apache-2.0 (generated by code in this repository)",
            null,
            heldOutTemplateIds));
    if (recipe.curatedParaphrases()) {
      CuratedParaphrases curated = CuratedParaphrases.load(CURATED_RESOURCE);
      train.addAll(curated.examples());
      sources.put(
          CURATED_SOURCE,
          new DatasetLineage.Source(
              "curated",
              "classpath:" + CURATED_RESOURCE,
              "Apache-2.0 (written for Charter, kept in this repository)",
              curated.sha256(),
              List.of()));
    }
    Collections.shuffle(train, trainRandom);
    return new GeneratedDataset(
        recipe.datasetVersion(),
        NAME,
        VERSION,
        seed,
        HELD_OUT_RULE,
        sources,
        train,
        List.of(),
        heldOut);
  }

  static boolean isHeldOutTemplate(int templateIndex) {
    return templateIndex % HELD_OUT_TEMPLATE_STRIDE == HELD_OUT_TEMPLATE_STRIDE - 1;
  }

  private static String templateId(Intent intent, int index) {
    return String.format(Locale.ROOT, "%s/%02d", intent.label(), index);
  }

  private static List<LabeledExample> examplesFor(
      Intent intent, List<Integer> templateIndices, int count, Random random) {
    List<String> templates = TEMPLATES.get(intent);
    Map<String, String> texts = new LinkedHashMap<>();
    // Cycling through the templates gives each phrasing its share before randomness fills slots.
    for (int attempt = 0; texts.size() < count; attempt++) {
      if (attempt > count * 50) {
        throw new IllegalStateException(
            "templates of `" + intent.label() + "` yield only " + texts.size() + " unique texts");
      }
      int index = templateIndices.get(attempt % templateIndices.size());
      texts.putIfAbsent(
          vary(fill(templates.get(index), random), random),
          TEMPLATES_SOURCE + ":" + templateId(intent, index));
    }
    return texts.entrySet().stream()
        .map(text -> new LabeledExample(text.getKey(), intent.label(), text.getValue()))
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private static String fill(String template, Random random) {
    Matcher slot = SLOT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (slot.find()) {
      List<String> values = SLOTS.get(slot.group(1));
      if (values == null) {
        throw new IllegalStateException("template uses unknown slot `" + slot.group() + "`");
      }
      slot.appendReplacement(
          out, Matcher.quoteReplacement(values.get(random.nextInt(values.size()))));
    }
    slot.appendTail(out);
    return out.toString();
  }

  /** Greetings, sign-offs, casing and typos, each with its own seeded probability. */
  private static String vary(String text, Random random) {
    String out = text;
    if (random.nextDouble() < 0.3) {
      out = GREETINGS.get(random.nextInt(GREETINGS.size())) + lowerFirst(out);
    }
    if (random.nextDouble() < 0.3) {
      out = out + SIGN_OFFS.get(random.nextInt(SIGN_OFFS.size()));
    }
    if (random.nextDouble() < 0.15) {
      out = out.toLowerCase(Locale.ROOT);
    }
    if (random.nextDouble() < 0.2) {
      out = typo(out, random);
    }
    return out;
  }

  private static String lowerFirst(String text) {
    // Keep "I" and tokens such as "GDPR" as written.
    if (text.length() > 1 && Character.isUpperCase(text.charAt(1))) {
      return text;
    }
    return text.startsWith("I ") ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  /** Swaps two adjacent letters inside one longer word, never inside a PII token. */
  private static String typo(String text, Random random) {
    String[] words = text.split(" ");
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      if (words[i].length() >= 5 && words[i].chars().allMatch(Character::isLetter)) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return text;
    }
    int index = candidates.get(random.nextInt(candidates.size()));
    char[] letters = words[index].toCharArray();
    int at = 1 + random.nextInt(letters.length - 2);
    char swapped = letters[at];
    letters[at] = letters[at + 1];
    letters[at + 1] = swapped;
    words[index] = new String(letters);
    return String.join(" ", words);
  }

  private static Map<Intent, List<String>> templates() {
    Map<Intent, List<String>> templates = new EnumMap<>(Intent.class);
    templates.put(
        Intent.ORDER_STATUS,
        List.of(
            "Where is my order {order}?",
            "Where's my package for order {order}?",
            "Order {order} still hasn't arrived, can you check the status?",
            "Can you track order {order} for me?",
            "What is the delivery status of order {order}?",
            "I ordered a {item} {days} days ago and it is still not here.",
            "Has order {order} shipped yet?",
            "When will my {item} be delivered? Order number {order}.",
            "Tracking for order {order} has not updated in {days} days.",
            "Is my order {order} on its way?",
            "My {item} was supposed to arrive on Monday, where is it? Order {order}",
            "Any update on the shipment of order {order}?",
            "The parcel for order {order} is late.",
            "Can you tell me when order {order} will arrive?",
            "I still haven't received my {item} (order {order}).",
            "Could you check where order {order} is? You can reach me at {phone}.",
            "Did order {order} get lost in the post?",
            "What's the ETA on order {order}?",
            "order {order} not delivered yet, status?",
            "Please let me know if order {order} has been dispatched."));
    templates.put(
        Intent.REFUND,
        List.of(
            "The {item} arrived damaged, I want a refund for order {order}.",
            "Please refund order {order}, the {item} is defective.",
            "I would like my money back for order {order}.",
            "Can I get a refund of {amount} for order {order}?",
            "Refund the {amount} I paid for order {order}, the product stopped working.",
            "The {item} from order {order} was smashed in the box, please give me a refund.",
            "I returned the {item} from order {order} {days} days ago and still have no refund.",
            "Please reimburse me for order {order}, the {item} does not work.",
            "I was charged twice for order {order}, please refund the extra {amount}.",
            "Cancel order {order} and refund my payment.",
            "The wrong {item} was delivered in order {order}. I want my money back.",
            "How do I get a refund for my {item}? Order {order}.",
            "Please process a refund to my card {card} for order {order}.",
            "My {item} is faulty, refund please. Order {order}.",
            "I want to return the {item} and get reimbursed, order {order}.",
            "Money back for order {order} please, the {item} cracked on arrival.",
            "Requesting a full refund of {amount} for order {order}.",
            "The {item} I received in order {order} is not as described, I'd like a refund."));
    templates.put(
        Intent.RECEIPT,
        List.of(
            "Can you send me the receipt for order {order}?",
            "Please email the invoice for order {order} to {email}.",
            "I need a copy of the receipt for my {item}, order {order}.",
            "Could you resend the invoice for order {order}?",
            "I lost the receipt for order {order}, can I get a new one?",
            "Please send a VAT invoice for order {order}.",
            "I need proof of purchase for order {order} for my warranty.",
            "Can I get an itemised receipt for order {order}?",
            "The receipt for order {order} never reached my inbox.",
            "Send the receipt of order {order} to {email} please.",
            "My company needs an invoice for order {order} ({amount}).",
            "Where can I download the invoice for order {order}?",
            "Please reissue the receipt for order {order} with my company name.",
            "Could I have a duplicate receipt for the {item} I bought (order {order})?",
            "I need the purchase receipt for order {order} for my expense report.",
            "Mail me the bill for order {order} again, I can't find it."));
    templates.put(
        Intent.DATA_EXPORT,
        List.of(
            "Under the GDPR, please send me every piece of personal information you store on me.",
            "I want to exercise my right of access, send me my data.",
            "Please export all my account data to {email}.",
            "What personal information do you have on me? Send me a copy.",
            "I'd like to download all data associated with my account.",
            "Data portability request: please send my customer data to {email}.",
            "Send me an export of my purchase history and personal details.",
            "I am making a subject access request for my personal data.",
            "Please provide all the information you keep about me, including my phone {phone}.",
            "Can I get a full export of my profile data?",
            "Under article 15 GDPR I ask for a copy of my personal data.",
            "I want to know what data you store about me and get a copy of it.",
            "Please transfer my personal data to {email} in a machine-readable format.",
            "Give me a dump of everything you have on file for my account.",
            "Request for a copy of my customer records, send them to {email}.",
            "Which of my details do you process? I want all of it exported."));
    templates.put(
        Intent.ESCALATION,
        List.of(
            "I want to speak to a manager.",
            "This is ridiculous, get me a supervisor now.",
            "This is my {times} message and nobody answers, escalate this.",
            "Let me talk to a real human, not a bot.",
            "I am filing a formal complaint about your service.",
            "Your support is useless, I want someone senior to handle this.",
            "If this isn't fixed today I will contact my lawyer.",
            "Stop sending me automated replies, I need a person.",
            "This is unacceptable. Put me through to your supervisor.",
            "I have been waiting for {days} weeks, I demand to speak with management.",
            "Escalate my case to a human agent immediately.",
            "Nobody replied to my last emails. I want a manager to call me at {phone}.",
            "I'm furious, this is the worst customer service ever. Get me someone in charge.",
            "{times} time contacting you and still no answer. I want this escalated.",
            "Transfer me to a team lead please.",
            "I'm done with the chatbot. Connect me with your boss."));
    return templates;
  }
}
