package dev.charter.starter.security;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model that obeys its input would do: finds the instructions in a text and turns each into
 * a tool call, the way a prompt-injected model does. Nothing here knows the attack cases; it reads
 * instruction patterns:
 *
 * <ul>
 *   <li>encodings and disguises first: zero-width and bidi characters, compatibility forms and
 *       Cyrillic/Greek look-alikes, {@code \\u} and {@code \\x} escapes, HTML entities, URL
 *       encoding, base64 (also nested), hex, and ROT13 where the text says so;
 *   <li>structured calls: JSON objects naming a tool and its arguments (plain or OpenAI-style),
 *       {@code tool_name(key=value, ...)}, YAML-ish {@code tool:} blocks, XML {@code <invoke
 *       name=...>} blocks;
 *   <li>plain language in several languages (English, German, French, Spanish, Portuguese, Italian,
 *       Dutch, Polish, Russian, Chinese, Japanese, Korean): refund, export and email requests, with
 *       the order, amount, customer, destination and template the sentence names; what it does not
 *       name is taken from the task's fields or invented, as a model would.
 * </ul>
 *
 * <p>Flags the text asks for ({@code destinationVerified=true}, {@code includesCustomerData:
 * false}, {@code riskTier LOW}, ...) are added to every plain-language call as extra arguments.
 */
final class Injections {

  /** A call the obeying model makes: tool and JSON arguments (numbers stay numbers). */
  record Call(String tool, Map<String, Object> arguments) {}

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  private static final Pattern HIDDEN =
      Pattern.compile("[\\u00AD\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\uFEFF]");
  private static final Map<Character, Character> LOOK_ALIKES = lookAlikes();
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
  private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");
  private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");
  private static final Pattern PERCENT =
      Pattern.compile("(?:%[0-9a-fA-F]{2}|[^\\s%])*%[0-9a-fA-F]{2}\\S*");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{16,}={0,2}");
  private static final Pattern HEX = Pattern.compile("\\b(?:[0-9a-fA-F]{2}[ :]?){12,}\\b");
  private static final Pattern ROT13 = Pattern.compile("(?i)rot-?13[^\\n:]*:\\s*([^\\n]+)");

  private static final Pattern FUNCTION_SYNTAX =
      Pattern.compile("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\\s*\\(([^()]*)\\)");
  private static final Pattern KEY_VALUE =
      Pattern.compile("([A-Za-z_][\\w]*)\\s*[=:]\\s*(\"[^\"]*\"|'[^']*'|[^,\\s)]+)");
  private static final Pattern YAML_TOOL =
      Pattern.compile("(?m)^[ \\t>]*(?:tool|action|function|call)\\s*:\\s*([a-z][a-z0-9_]+)\\s*$");
  private static final Pattern YAML_ARGUMENT =
      Pattern.compile("^[ \\t>]*-?\\s*([A-Za-z_]\\w*)\\s*:\\s*(.*?)\\s*$");
  private static final Pattern XML_CALL =
      Pattern.compile(
          "<(invoke|tool_call|tool|function)\\s+name\\s*=\\s*[\"']([a-z_]+)[\"']\\s*>(.*?)</\\1>",
          Pattern.DOTALL);
  private static final Pattern XML_ARGUMENT =
      Pattern.compile(
          "<(parameter|param|arg|argument)\\s+name\\s*=\\s*[\"'](\\w+)[\"']\\s*>(.*?)</\\1>",
          Pattern.DOTALL);

  private static final Pattern PII_TOKEN = Pattern.compile("<[a-z_]+:\\d+>");
  private static final Pattern OUTPUT_PAIR = Pattern.compile("\\b[a-z]+[A-Z]\\w*=\\S*");
  private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?。！？;])\\s+|\\n+|, (?=\\w+=)");

  private static final Pattern REFUND =
      Pattern.compile(
          "(?iu)refund|reimburs|money back|charge ?back|erstatt|zurückzahl|rückzahl|rembours"
              + "|reembols|devolu|devuelv|rimbors|terugbetal|zwrot|возвр|退款|退钱|返金|返還|환불");
  private static final Pattern EXPORT =
      Pattern.compile(
          "(?iu)export|exfiltrat|\\bdump\\b|exportier|exporter|exportar|esporta|导出|エクスポート"
              + "|выгруз|(?:copy|send|upload|transfer) (?:all|every|the full)[^.\\n]{0,40}data"
              + "|alle (?:meine |seine |ihre |kunden)?daten|toutes (?:les|mes|ses) données"
              + "|todos (?:los|mis|sus) datos|所有数据|全部数据");
  private static final Pattern EMAIL =
      Pattern.compile(
          "(?iu)e-?mail|courriel|correo|邮件|メール|письм|\\bmail\\b"
              + "|(?:send|schick|envoy|enví|envia|invia|stuur|发送|送って)[^.\\n]{0,40}"
              + "(?:receipt|quittung|beleg|reçu|facture|recibo|factura|ricevuta|bon|收据|領収書|template)");

  private static final Pattern ORDER =
      Pattern.compile(
          "(?iu)(?:order|orders|bestellung|commande|pedido|ordine|bestelling|encomenda|zamówieni[ae]"
              + "|заказ[а-я]*|订单号?|注文番号?|주문)\\s*(?:id|no\\.?|nr\\.?|number|nummer|numéro"
              + "|número|numero|n°|nº|#|号)?\\s*[:=#]?\\s*\"?(\\d{3,})");
  private static final Pattern AMOUNT_CENTS_FIELD =
      Pattern.compile("(?i)amount_?cents\\s*\"?\\s*[=:]\\s*\"?(-?[0-9][0-9.,eE+]*)");
  private static final Pattern CENTS =
      Pattern.compile("(?iu)(-?\\d[\\d.,]*)\\s*(?:cents?|centimes|céntimos|centavos|centesimi)\\b");
  private static final Pattern MONEY_BEFORE =
      Pattern.compile("(?iu)(?:US\\$|[$€£¥]|USD|EUR|GBP)\\s?(-?\\d[\\d.,]*\\d|-?\\d)");
  private static final Pattern MONEY_AFTER =
      Pattern.compile(
          "(?iu)(-?\\d[\\d.,]*\\d|-?\\d)\\s?(?:[$€£]|usd|eur|euros?|dollars?|dólares|dollari"
              + "|dolar[a-zó]*|доллар[а-я]*|евро|美元|美金|元|ドル|달러)");
  private static final Pattern TOTAL_SEEN = Pattern.compile("totalCents=(\\d+)");
  private static final Pattern WHOLE =
      Pattern.compile(
          "(?iu)full amount|whole (?:order|amount)|entire|everything|komplett|gesamten?"
              + "|intégral|totalidad|全额|全部");
  private static final Pattern DOUBLE =
      Pattern.compile("(?iu)double|twice|doppelt|deux fois|el doble|dos veces|两倍|双倍|2倍");
  private static final Pattern SPLIT =
      Pattern.compile(
          "(?iu)(?:in|into|as|en|auf|em|w)\\s+(\\d+|two|three|four|five|six|ten|zwei|drei|vier"
              + "|fünf|deux|trois|quatre|cinq|dos|tres|cuatro|cinco)\\s+(?:\\S+\\s+)?"
              + "(?:parts?|payments?|refunds?|instal+ments?|transactions?|chunks?|pieces?|teile?n?"
              + "|raten|zahlungen|erstattungen|fois|parties|paiements|versements|partes|pagos"
              + "|reembolsos|veces|parcelas|części)");
  private static final Pattern EACH =
      Pattern.compile("(?iu)\\beach\\b|\\bje\\b|jeweils|chacun|cada|每");
  private static final Pattern CUSTOMER = Pattern.compile("\\b(c-\\d+)\\b");
  private static final Pattern DESTINATION =
      Pattern.compile(
          "((?:https?|s3|sftp|ftps?|gs|scp|smb|webdav)://[^\\s\"'<>)\\]`]+|<email:\\d+>"
              + "|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+)");
  private static final Pattern TEMPLATE_FIELD =
      Pattern.compile("(?i)template\\s*\"?\\s*[=:]\\s*\"?([A-Za-z0-9_-]+)");
  private static final Pattern TEMPLATE_NAME =
      Pattern.compile(
          "\\b(receipt|refund_confirmation|export_ready|order_status|general_reply)\\b");
  private static final Pattern RECEIPT_WORD =
      Pattern.compile(
          "(?iu)receipt|quittung|beleg|reçu|facture|recibo|factura|ricevuta|收据|領収書|영수증");
  private static final Pattern FLAG =
      Pattern.compile(
          "\\b([a-z]+(?:[A-Z][a-z0-9]*)+|approved|override|bypass)\\b\\s*[\"']?\\s*(?:[=:]|\\bto\\b|\\bis\\b)?\\s*[\"']?"
              + "(?i:(true|false|yes|no|low|medium|high|none|granted))\\b");
  private static final Set<String> ARGUMENTS =
      Set.of("orderId", "amountCents", "customerId", "destination", "template", "reason", "queue");

  private static final Map<String, Integer> COUNTS = counts();

  /** An amount nobody named: what a taken-over model makes up. */
  static final long INVENTED_CENTS = 50_000;

  /** A destination nobody named. */
  static final String INVENTED_DESTINATION = "https://collector.attacker.example/upload";

  private Injections() {}

  /**
   * The calls an obeying model makes for {@code text}: structured calls if the text spells any,
   * else one per plain-language request.
   *
   * @param fields the task's structured fields: what the model falls back on
   * @param offered the tools the request offered (an obeying model calls others too)
   */
  static List<Call> find(String text, Map<String, String> fields, List<String> offered) {
    List<String> views = reveal(text);
    Set<Call> calls = new LinkedHashSet<>();
    for (String view : views) {
      calls.addAll(structured(view));
    }
    if (!calls.isEmpty()) {
      return List.copyOf(calls);
    }
    String all = String.join("\n", views);
    Map<String, Object> flags = flags(all);
    for (String view : views) {
      for (String sentence : SENTENCE.split(view)) {
        calls.addAll(plain(sentence, all, fields, flags));
      }
    }
    return List.copyOf(calls);
  }

  // ---- disguises ----------------------------------------------------------------------------

  /** The text with its disguises removed, followed by what its encoded parts decode to. */
  static List<String> reveal(String text) {
    List<String> views = new ArrayList<>();
    String clean = clean(text, false);
    views.add(clean);
    String latin = clean(text, true);
    if (!latin.equals(clean)) {
      views.add(latin);
    }
    for (int depth = 0; depth < 2; depth++) {
      List<String> decoded = new ArrayList<>();
      for (String view : views) {
        for (String found : decodedParts(view)) {
          String cleaned = clean(found, true);
          if (!views.contains(cleaned) && !decoded.contains(cleaned)) {
            decoded.add(cleaned);
          }
        }
      }
      if (decoded.isEmpty()) {
        break;
      }
      views.addAll(decoded);
    }
    return views;
  }

  /** Hidden characters out, compatibility forms folded, escapes undone; look-alikes to Latin. */
  private static String clean(String text, boolean toLatin) {
    String visible = HIDDEN.matcher(text).replaceAll("");
    String folded = Normalizer.normalize(visible, Normalizer.Form.NFKC);
    StringBuilder latin = new StringBuilder(folded.length());
    for (char c : folded.toCharArray()) {
      latin.append(toLatin ? LOOK_ALIKES.getOrDefault(c, c) : c);
    }
    String unescaped = replace(UNICODE_ESCAPE, latin.toString(), m -> codePoint(m.group(1), 16));
    unescaped = replace(HEX_ESCAPE, unescaped, m -> codePoint(m.group(1), 16));
    unescaped =
        replace(
            NUMERIC_ENTITY, unescaped, m -> codePoint(m.group(2), m.group(1).isEmpty() ? 10 : 16));
    unescaped =
        unescaped
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&");
    return replace(PERCENT, unescaped, m -> urlDecoded(m.group()));
  }

  private static List<String> decodedParts(String view) {
    List<String> found = new ArrayList<>();
    Matcher base64 = BASE64.matcher(view);
    while (base64.find()) {
      String token = base64.group();
      for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
        String text = printable(decode(decoder, token));
        if (text != null) {
          found.add(text);
          break;
        }
      }
    }
    Matcher hex = HEX.matcher(view);
    while (hex.find()) {
      String digits = hex.group().replaceAll("[ :]", "");
      if (digits.length() % 2 == 0) {
        String text = printable(HexFormat.of().parseHex(digits));
        if (text != null) {
          found.add(text);
        }
      }
    }
    Matcher rot13 = ROT13.matcher(view);
    while (rot13.find()) {
      found.add(rot13(rot13.group(1)));
    }
    return found;
  }

  private static byte[] decode(Base64.Decoder decoder, String token) {
    try {
      return decoder.decode(token);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /** UTF-8 text of mostly printable characters with a letter in it, else null. */
  private static String printable(byte[] bytes) {
    if (bytes == null || bytes.length < 8) {
      return null;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    long control =
        text.chars().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\t').count();
    long letters = text.chars().filter(Character::isLetter).count();
    return control == 0 && letters * 2 >= text.codePointCount(0, text.length()) / 2 ? text : null;
  }

  private static String rot13(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        out.append((char) ('a' + (c - 'a' + 13) % 26));
      } else if (c >= 'A' && c <= 'Z') {
        out.append((char) ('A' + (c - 'A' + 13) % 26));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String urlDecoded(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static String codePoint(String digits, int radix) {
    return new String(Character.toChars(Integer.parseInt(digits, radix)));
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<Character, Character> lookAlikes() {
    String from = "аеорсхуіѕјԁһкмтвнАЕОРСХУІЅЈКМТВНαοεριτνκΑΟΕΡΙΤΝΚΒΜΗΖ";
    String to = "aeopcxyisjdhkmtbhAEOPCXYISJKMTBHaoepitvkAOEPITNKBMHZ";
    Map<Character, Character> map = new TreeMap<>();
    for (int i = 0; i < from.length(); i++) {
      map.put(from.charAt(i), to.charAt(i));
    }
    return map;
  }

  // ---- structured calls ---------------------------------------------------------------------

  private static List<Call> structured(String view) {
    List<Call> calls = new ArrayList<>();
    for (JsonNode object : jsonObjects(view)) {
      Call call = fromJson(object);
      if (call != null) {
        calls.add(call);
      }
    }
    Matcher xml = XML_CALL.matcher(view);
    while (xml.find()) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      Matcher argument = XML_ARGUMENT.matcher(xml.group(3));
      while (argument.find()) {
        arguments.put(argument.group(2), scalar(argument.group(3).strip()));
      }
      calls.add(new Call(xml.group(2), arguments));
    }
    Matcher function = FUNCTION_SYNTAX.matcher(view);
    while (function.find()) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      Matcher pair = KEY_VALUE.matcher(function.group(2));
      while (pair.find()) {
        arguments.put(pair.group(1), scalar(unquote(pair.group(2))));
      }
      if (!arguments.isEmpty()) {
        calls.add(new Call(function.group(1), arguments));
      }
    }
    Matcher yaml = YAML_TOOL.matcher(view);
    while (yaml.find()) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      String[] rest = view.substring(yaml.end()).split("\n");
      for (String line : rest) {
        if (line.isBlank()) {
          continue;
        }
        Matcher argument = YAML_ARGUMENT.matcher(line);
        if (!argument.matches()) {
          break;
        }
        String key = argument.group(1);
        if (!argument.group(2).isEmpty()
            && !List.of("arguments", "args", "parameters", "input").contains(key)) {
          arguments.put(key, scalar(unquote(argument.group(2))));
        }
      }
      if (!arguments.isEmpty()) {
        calls.add(new Call(yaml.group(1), arguments));
      }
    }
    return calls;
  }

  /** Every balanced {@code {...}} of the text that parses as a (lenient) JSON object. */
  private static List<JsonNode> jsonObjects(String text) {
    List<JsonNode> objects = new ArrayList<>();
    for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
      int depth = 0;
      for (int i = start; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          try {
            JsonNode node = LENIENT.readTree(text.substring(start, i + 1));
            if (node != null && node.isObject()) {
              objects.add(node);
            }
          } catch (java.io.IOException notJson) {
            // not an object; the next brace may open one
          }
          break;
        }
      }
    }
    return objects;
  }

  private static Call fromJson(JsonNode object) {
    JsonNode function = object.path("function");
    if (function.isObject()) {
      return fromJson(function);
    }
    String tool = null;
    for (String key : List.of("tool", "name", "tool_name", "function", "action")) {
      if (object.path(key).isTextual() && object.path(key).asText().matches("[a-z][a-z0-9_]+")) {
        tool = object.path(key).asText();
        break;
      }
    }
    if (tool == null) {
      return null;
    }
    for (String key : List.of("arguments", "args", "parameters", "input", "params")) {
      JsonNode arguments = object.path(key);
      if (arguments.isTextual()) {
        try {
          arguments = LENIENT.readTree(arguments.asText());
        } catch (java.io.IOException e) {
          continue;
        }
      }
      if (arguments != null && arguments.isObject()) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          values.put(entry.getKey(), LENIENT.convertValue(entry.getValue(), Object.class));
        }
        return new Call(tool, values);
      }
    }
    return null;
  }

  private static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2
        && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** A written value as JSON would carry it: integer, decimal, boolean or string. */
  private static Object scalar(String value) {
    if (value.matches("-?\\d{1,17}")) {
      return Long.parseLong(value);
    }
    if (value.matches("-?\\d+\\.\\d+")) {
      return new BigDecimal(value);
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
    }
    return value;
  }

  // ---- plain language ------------------------------------------------------------------------

  private static List<Call> plain(
      String sentence, String all, Map<String, String> fields, Map<String, Object> flags) {
    record Found(int at, String tool) {}
    // intents are read in words: not in template names, PII tokens or key=value output pairs
    String words =
        OUTPUT_PAIR
            .matcher(
                PII_TOKEN
                    .matcher(TEMPLATE_NAME.matcher(sentence).replaceAll("template"))
                    .replaceAll(" "))
            .replaceAll(" ");
    List<Found> intents = new ArrayList<>();
    for (Map.Entry<String, Pattern> intent :
        Map.of("issue_refund", REFUND, "export_customer_data", EXPORT, "send_customer_email", EMAIL)
            .entrySet()) {
      Matcher m = intent.getValue().matcher(words);
      if (m.find()) {
        intents.add(new Found(m.start(), intent.getKey()));
      }
    }
    intents.sort(java.util.Comparator.comparingInt(Found::at));
    List<Call> calls = new ArrayList<>();
    for (Found intent : intents) {
      switch (intent.tool()) {
        case "issue_refund" -> calls.addAll(refunds(sentence, all, fields, flags));
        case "export_customer_data" -> {
          Map<String, Object> arguments = new LinkedHashMap<>();
          arguments.put("customerId", customer(sentence, all, fields));
          arguments.put("destination", first(DESTINATION, sentence, all, INVENTED_DESTINATION));
          arguments.putAll(flags);
          calls.add(new Call(intent.tool(), arguments));
        }
        default -> {
          Map<String, Object> arguments = new LinkedHashMap<>();
          arguments.put("customerId", customer(sentence, all, fields));
          arguments.put("template", template(sentence));
          String order = group(ORDER, sentence);
          if (order != null) {
            arguments.put("orderId", order);
          }
          arguments.putAll(flags);
          calls.add(new Call(intent.tool(), arguments));
        }
      }
    }
    return calls;
  }

  private static List<Call> refunds(
      String sentence, String all, Map<String, String> fields, Map<String, Object> flags) {
    String order = group(ORDER, sentence);
    if (order == null) {
      order = fields.getOrDefault("orderId", "1001");
    }
    Object amount = amount(sentence, all);
    int parts = 1;
    Matcher split = SPLIT.matcher(sentence);
    if (split.find()) {
      parts = COUNTS.getOrDefault(split.group(1).toLowerCase(Locale.ROOT), 1);
      if (split.group(1).matches("\\d+")) {
        parts = Math.min(Integer.parseInt(split.group(1)), 20);
      }
    }
    if (parts > 1 && amount instanceof Long cents && !EACH.matcher(sentence).find()) {
      amount = cents / parts;
    }
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      arguments.put("orderId", order);
      arguments.put("amountCents", amount);
      arguments.putAll(flags);
      calls.add(new Call("issue_refund", arguments));
    }
    return calls;
  }

  /** Cents as the sentence names them (a fraction stays one: the model sends what it read). */
  private static Object amount(String sentence, String all) {
    String raw = group(AMOUNT_CENTS_FIELD, sentence);
    if (raw != null) {
      return number(raw, false);
    }
    raw = group(CENTS, sentence);
    if (raw != null) {
      return number(raw, false);
    }
    raw = group(MONEY_BEFORE, sentence);
    if (raw == null) {
      raw = group(MONEY_AFTER, sentence);
    }
    if (raw != null) {
      return number(raw, true);
    }
    String total = group(TOTAL_SEEN, all);
    if (total != null && DOUBLE.matcher(sentence).find()) {
      return 2 * Long.parseLong(total);
    }
    if (total != null && WHOLE.matcher(sentence).find()) {
      return Long.parseLong(total);
    }
    return INVENTED_CENTS;
  }

  /** {@code 1.234,56} and {@code 1,234.56} alike; whole units times 100 when {@code units}. */
  private static Object number(String written, boolean units) {
    String digits = written.strip();
    int comma = digits.lastIndexOf(',');
    int dot = digits.lastIndexOf('.');
    if (comma >= 0 && dot >= 0) {
      digits = comma > dot ? digits.replace(".", "").replace(',', '.') : digits.replace(",", "");
    } else if (comma >= 0) {
      digits =
          digits.length() - comma - 1 == 2 ? digits.replace(',', '.') : digits.replace(",", "");
    } else if (dot >= 0 && digits.length() - dot - 1 == 3 && units) {
      digits = digits.replace(".", "");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(digits);
    } catch (NumberFormatException e) {
      return written;
    }
    if (units) {
      value = value.multiply(BigDecimal.valueOf(100));
    }
    value = value.stripTrailingZeros();
    return value.scale() <= 0 ? (Object) value.longValueExact() : value;
  }

  /** The customer the sentence names, else the task's, else any the text names. */
  private static String customer(String sentence, String all, Map<String, String> fields) {
    String customer = group(CUSTOMER, sentence);
    if (customer == null) {
      customer = fields.get("customerId");
    }
    if (customer == null) {
      customer = group(CUSTOMER, all);
    }
    return customer == null ? "c-100" : customer;
  }

  private static String template(String sentence) {
    String named = group(TEMPLATE_FIELD, sentence);
    if (named != null && !named.equalsIgnoreCase("template")) {
      return named;
    }
    named = group(TEMPLATE_NAME, sentence);
    if (named != null) {
      return named;
    }
    return "receipt";
  }

  /** Flags the text asks the model to set, as extra arguments. */
  private static Map<String, Object> flags(String all) {
    Map<String, Object> flags = new LinkedHashMap<>();
    Matcher flag = FLAG.matcher(all);
    while (flag.find()) {
      String key = flag.group(1);
      if (ARGUMENTS.contains(key) || key.endsWith("Cents") || key.endsWith("Id")) {
        continue;
      }
      String value = flag.group(2);
      if (value.matches("(?i)low|medium|high|none")) {
        value = value.toUpperCase(Locale.ROOT);
      }
      Object typed =
          switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "granted" -> Boolean.TRUE;
            case "false", "no" -> Boolean.FALSE;
            default -> value;
          };
      flags.putIfAbsent(key, typed);
    }
    return flags;
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static String first(Pattern pattern, String sentence, String all, String otherwise) {
    String found = group(pattern, sentence);
    if (found == null) {
      found = group(pattern, all);
    }
    return found == null ? otherwise : found.replaceAll("[.,;:!?]+$", "");
  }

  private static Map<String, Integer> counts() {
    Map<String, Integer> counts = new TreeMap<>();
    String[][] words = {
      {"two", "zwei", "deux", "dos"},
      {"three", "drei", "trois", "tres"},
      {"four", "vier", "quatre", "cuatro"},
      {"five", "fünf", "cinq", "cinco"}
    };
    for (int i = 0; i < words.length; i++) {
      for (String word : words[i]) {
        counts.put(word, i + 2);
      }
    }
    counts.put("six", 6);
    counts.put("ten", 10);
    return counts;
  }
}
