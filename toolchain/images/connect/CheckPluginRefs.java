// Checks that a Kafka Connect plugin's classes link against a worker's jars: every class, method and field they
// reference in org.apache.kafka (constant pool Class, Methodref, InterfaceMethodref and Fieldref entries, Kafka types in
// descriptors, members called through a plugin class on a Kafka supertype) must exist on the worker as the worker's
// plugin class loader would resolve it, and every abstract method of a Kafka type a plugin class extends or implements
// must be implemented. A plugin built against a newer Connect API than the worker's fails only when the code path that
// needs a missing member runs (NoSuchMethodError, NoClassDefFoundError, AbstractMethodError), so this is read from the
// class files rather than from a worker start.
//
// Usage: java CheckPluginRefs.java WORKER_LIBS_DIR PLUGIN_DIR [--all] [--list]
//   WORKER_LIBS_DIR  the worker's jars (the image's /opt/kafka/libs); PLUGIN_DIR  one plugin's jars (the directory
//   under plugin.path). Prints the figures and each missing reference with the plugin classes that use it (the first
//   five, or all with --all); --list also prints every reference that resolves, and where.
//   Exit 0: nothing missing; 1: something missing; 2: bad arguments or unreadable jars.
// Not checked: whether a call is static or virtual (that is in the bytecode, not the constant pool), reflection and
// service-loader lookups by name.
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

public class CheckPluginRefs {
  static final String KAFKA = "org/apache/kafka/";
  static final int ACC_PUBLIC = 0x1, ACC_PRIVATE = 0x2, ACC_PROTECTED = 0x4, ACC_STATIC = 0x8, ACC_FINAL = 0x10,
      ACC_INTERFACE = 0x200, ACC_ABSTRACT = 0x400;

  /** Which class loader defined a class: the JDK's, the worker's (its classpath) or the plugin's. */
  enum Origin { JDK, WORKER, PLUGIN }

  record Member(String name, String descriptor, int access) {}

  /** A constant pool reference: kind is "class", "method", "interface method" or "field"; name/descriptor empty for classes. */
  record Ref(String kind, String owner, String name, String descriptor) {
    String describe() {
      return kind.equals("class") ? "class " + owner.replace('/', '.')
          : kind + " " + owner.replace('/', '.') + "." + name + (kind.equals("field") ? ":" : "") + descriptor;
    }
  }

  static final class ClassFile {
    String name, superName, jar;
    int access;
    Origin origin;
    final List<String> interfaces = new ArrayList<>();
    final Map<String, Member> methods = new LinkedHashMap<>(), fields = new LinkedHashMap<>();
    final Set<Ref> refs = new LinkedHashSet<>();
    final Set<String> descriptorTypes = new LinkedHashSet<>();

    boolean isInterface() { return (access & ACC_INTERFACE) != 0; }
    String packageName() { return name.substring(0, Math.max(0, name.lastIndexOf('/'))); }
  }

  /** Reads the parts of a class file this check needs (JVMS §4): the constant pool's references, the class's supertypes and members. */
  static ClassFile parse(byte[] bytes, Origin origin, String jar) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    int[] tags = new int[count];
    int[] first = new int[count], second = new int[count];
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> { in.readLong(); i++; }
        case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
        case 9, 10, 11, 12, 17, 18 -> { first[i] = in.readUnsignedShort(); second[i] = in.readUnsignedShort(); }
        case 15 -> { in.readUnsignedByte(); first[i] = in.readUnsignedShort(); }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    ClassFile cls = new ClassFile();
    cls.origin = origin;
    cls.jar = jar;
    cls.access = in.readUnsignedShort();
    cls.name = utf8[first[in.readUnsignedShort()]];
    int superIndex = in.readUnsignedShort();
    cls.superName = superIndex == 0 ? null : utf8[first[superIndex]];
    for (int n = in.readUnsignedShort(); n > 0; n--) cls.interfaces.add(utf8[first[in.readUnsignedShort()]]);
    for (Map<String, Member> members : List.of(cls.fields, cls.methods)) {
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        Member member = new Member(null, null, in.readUnsignedShort());
        member = new Member(utf8[in.readUnsignedShort()], utf8[in.readUnsignedShort()], member.access());
        members.put(member.name() + member.descriptor(), member);
        cls.descriptorTypes.addAll(typesIn(member.descriptor()));
        for (int a = in.readUnsignedShort(); a > 0; a--) { in.readUnsignedShort(); in.skipNBytes(in.readInt() & 0xFFFFFFFFL); }
      }
    }
    for (int i = 1; i < count; i++) {
      switch (tags[i]) {
        case 7 -> {
          String element = elementClass(utf8[first[i]]);
          if (element != null) cls.refs.add(new Ref("class", element, "", ""));
        }
        case 9, 10, 11 -> {
          String owner = utf8[first[first[i]]];
          int nameAndType = second[i];
          String kind = tags[i] == 9 ? "field" : tags[i] == 10 ? "method" : "interface method";
          String descriptor = utf8[second[nameAndType]];
          cls.refs.add(new Ref(kind, owner, utf8[first[nameAndType]], descriptor));
          cls.descriptorTypes.addAll(typesIn(descriptor));
        }
        case 16 -> cls.descriptorTypes.addAll(typesIn(utf8[first[i]]));
        default -> {}
      }
    }
    return cls;
  }

  /** The class an array or class name stands for, null for arrays of primitives. */
  static String elementClass(String name) {
    if (!name.startsWith("[")) return name;
    String element = name.replaceFirst("^\\[+", "");
    return element.startsWith("L") ? element.substring(1, element.length() - 1) : null;
  }

  static List<String> typesIn(String descriptor) {
    List<String> types = new ArrayList<>();
    for (int i = descriptor.indexOf('L'); i >= 0; i = descriptor.indexOf('L', i)) {
      int end = descriptor.indexOf(';', i);
      types.add(descriptor.substring(i + 1, end));
      i = end;
    }
    return types;
  }

  // ---- where a class comes from --------------------------------------------------------------------------------

  /** Class files by name in a set of jars; the first jar that has a name wins, as on a class path. */
  static final class JarIndex {
    final Map<String, ZipFile> owners = new HashMap<>();
    final Map<String, String> jarNames = new HashMap<>();
    final List<ZipFile> zips = new ArrayList<>();

    JarIndex(List<Path> jars) throws IOException {
      for (Path jar : jars) {
        ZipFile zip = new ZipFile(jar.toFile());
        zips.add(zip);
        zip.stream().map(ZipEntry::getName)
            .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class"))
            .forEach(name -> {
              String className = name.substring(0, name.length() - ".class".length());
              if (owners.putIfAbsent(className, zip) == null) jarNames.put(className, jar.getFileName().toString());
            });
      }
    }

    byte[] read(String className) throws IOException {
      ZipFile zip = owners.get(className);
      if (zip == null) return null;
      try (InputStream in = zip.getInputStream(zip.getEntry(className + ".class"))) { return in.readAllBytes(); }
    }
  }

  final JarIndex worker, plugin;
  final Predicate<String> loadsInIsolation;
  final Map<Origin, Map<String, ClassFile>> definedBy = new EnumMap<>(Origin.class);

  CheckPluginRefs(JarIndex worker, JarIndex plugin, Predicate<String> loadsInIsolation) {
    this.worker = worker;
    this.plugin = plugin;
    this.loadsInIsolation = loadsInIsolation;
  }

  /** The class a loader of this origin defines itself under the name, or null. */
  ClassFile defined(String name, Origin origin) {
    Map<String, ClassFile> cache = definedBy.computeIfAbsent(origin, o -> new HashMap<>());
    if (cache.containsKey(name)) return cache.get(name);
    ClassFile cls = null;
    try {
      byte[] bytes = switch (origin) {
        case JDK -> {
          try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(name + ".class")) {
            yield in == null ? null : in.readAllBytes();
          }
        }
        case WORKER -> worker.read(name);
        case PLUGIN -> plugin.read(name);
      };
      String jar = switch (origin) {
        case JDK -> "JDK";
        case WORKER -> worker.jarNames.get(name);
        case PLUGIN -> plugin.jarNames.get(name);
      };
      if (bytes != null) cls = parse(bytes, origin, jar);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
    cache.put(name, cls);
    return cls;
  }

  /**
   * The class a name resolves to from a class of the given origin. The worker's classes see the JDK, then the worker's
   * jars. A plugin's class loader (Connect's PluginClassLoader) looks in the plugin first for the names the worker's
   * PluginUtils.shouldLoadInIsolation accepts, and for all others asks the worker first and the plugin only after.
   */
  ClassFile resolve(String name, Origin from) {
    List<Origin> order = from != Origin.PLUGIN ? List.of(Origin.JDK, Origin.WORKER)
        : loadsInIsolation.test(name.replace('/', '.')) ? List.of(Origin.PLUGIN, Origin.JDK, Origin.WORKER)
        : List.of(Origin.JDK, Origin.WORKER, Origin.PLUGIN);
    for (Origin origin : order) {
      ClassFile cls = defined(name, origin);
      if (cls != null) return cls;
    }
    return null;
  }

  /**
   * The class and its supertypes, superclasses first then interfaces, each resolved by the loader that defined its
   * subtype; the names of supertypes that resolve nowhere go to `missing`.
   */
  List<ClassFile> hierarchy(ClassFile cls, List<String> missing) {
    List<ClassFile> result = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<ClassFile> interfaces = new ArrayList<>();
    for (ClassFile c = cls; c != null; ) {
      result.add(c);
      seen.add(c.name);
      interfaces.add(c);
      if (c.superName == null) break;
      ClassFile next = resolve(c.superName, c.origin);
      if (next == null) missing.add(c.superName);
      c = next;
    }
    for (int i = 0; i < interfaces.size(); i++) {
      ClassFile c = interfaces.get(i);
      for (String name : c.interfaces) {
        if (!seen.add(name)) continue;
        ClassFile next = resolve(name, c.origin);
        if (next == null) { missing.add(name); continue; }
        result.add(next);
        interfaces.add(next);
      }
    }
    return result;
  }

  static boolean isKafka(String name) { return name.startsWith(KAFKA); }

  // ---- the checks --------------------------------------------------------------------------------------------

  /** What became of one distinct reference, with the plugin classes that make it. */
  static final class Outcome {
    String problem; // null when it resolves
    Origin resolvedIn;
    final Set<String> users = new LinkedHashSet<>();
  }

  final Map<Ref, Outcome> outcomes = new TreeMap<>((a, b) -> a.describe().compareTo(b.describe()));
  final Map<String, Outcome> implementations = new TreeMap<>();
  int implementorsChecked;

  void record(Ref ref, ClassFile user, String problem, Origin resolvedIn) {
    Outcome outcome = outcomes.computeIfAbsent(ref, r -> new Outcome());
    if (outcome.users.isEmpty()) { outcome.problem = problem; outcome.resolvedIn = resolvedIn; }
    outcome.users.add(user.name.replace('/', '.') + " [" + user.jar + "]");
  }

  void checkClass(ClassFile cls) {
    for (Ref ref : cls.refs) {
      if (ref.kind().equals("class")) {
        if (isKafka(ref.owner())) checkClassRef(ref, cls);
      } else if (!ref.owner().startsWith("[")) {
        checkMemberRef(ref, cls);
      }
    }
    for (String type : cls.descriptorTypes) if (isKafka(type)) checkClassRef(new Ref("class", type, "", ""), cls);
    checkImplementations(cls);
  }

  void checkClassRef(Ref ref, ClassFile user) {
    ClassFile target = resolve(ref.owner(), Origin.PLUGIN);
    String problem = target == null ? "missing" : inaccessible(target.access, target, user) ? "not public" : null;
    record(ref, user, problem, target == null ? null : target.origin);
  }

  /** JVMS §5.4.3.2–4: a field or method is looked up on the named class and its supertypes. */
  void checkMemberRef(Ref ref, ClassFile user) {
    ClassFile owner = resolve(ref.owner(), Origin.PLUGIN);
    if (owner == null) {
      if (isKafka(ref.owner())) record(ref, user, "missing (its class is missing)", null);
      return;
    }
    List<String> missingSupertypes = new ArrayList<>();
    List<ClassFile> types = hierarchy(owner, missingSupertypes);
    if (types.stream().noneMatch(t -> isKafka(t.name)) && missingSupertypes.stream().noneMatch(CheckPluginRefs::isKafka)) return;
    ClassFile declaring = null;
    Member member = null;
    for (ClassFile type : types) {
      Member candidate = (ref.kind().equals("field") ? type.fields : type.methods).get(ref.name() + ref.descriptor());
      if (candidate != null) { declaring = type; member = candidate; break; }
    }
    // A reference named on a plugin class counts only when it lands on a Kafka supertype (or is found nowhere).
    if (!isKafka(ref.owner()) && declaring != null && !isKafka(declaring.name)) return;
    String problem = null;
    if (member == null)
      problem = missingSupertypes.isEmpty() ? "missing" : "missing (a supertype is missing: " + String.join(", ", missingSupertypes) + ")";
    else if (ref.kind().equals("method") && owner.isInterface()) problem = "declared on an interface, called as a class method";
    else if (ref.kind().equals("interface method") && !owner.isInterface()) problem = "declared on a class, called as an interface method";
    else if (inaccessible(member.access(), declaring, user)) problem = (member.access() & ACC_PRIVATE) != 0 ? "private" : "package-private";
    record(ref, user, problem, declaring == null ? null : declaring.origin);
  }

  /**
   * Private to another nest (approximated as another top-level class, or the same name from another loader), or
   * package-private from another runtime package (a package is shared only by classes of the same loader).
   */
  static boolean inaccessible(int access, ClassFile declaring, ClassFile user) {
    boolean sameLoader = declaring.origin == user.origin;
    if ((access & ACC_PRIVATE) != 0) return !(sameLoader && topLevel(declaring.name).equals(topLevel(user.name)));
    if ((access & (ACC_PUBLIC | ACC_PROTECTED)) != 0) return false;
    return !(sameLoader && declaring.packageName().equals(user.packageName()));
  }

  static String topLevel(String name) {
    int nested = name.indexOf('$', name.lastIndexOf('/') + 1);
    return nested < 0 ? name : name.substring(0, nested);
  }

  /**
   * A concrete plugin class must implement every abstract method its Kafka supertypes declare on this worker, and
   * override none they make final (AbstractMethodError, VerifyError otherwise).
   */
  void checkImplementations(ClassFile cls) {
    List<String> missingSupertypes = new ArrayList<>();
    List<ClassFile> types = hierarchy(cls, missingSupertypes);
    if (types.stream().noneMatch(t -> isKafka(t.name))) return;
    implementorsChecked++;
    String user = cls.name.replace('/', '.') + " [" + cls.jar + "]";
    for (ClassFile type : types) {
      if (type == cls || !isKafka(type.name)) continue;
      if (type.name.equals(cls.superName) && (type.access & ACC_FINAL) != 0)
        implementations.computeIfAbsent("extends final class " + type.name.replace('/', '.'), k -> new Outcome()).users.add(user);
      for (Member method : type.methods.values()) {
        String key = method.name() + method.descriptor();
        if (!type.isInterface() && (method.access() & ACC_FINAL) != 0 && (method.access() & (ACC_PRIVATE | ACC_STATIC)) == 0 && cls.methods.containsKey(key))
          implementations.computeIfAbsent("overrides final method " + type.name.replace('/', '.') + "." + key, k -> new Outcome()).users.add(user);
        if ((cls.access & (ACC_ABSTRACT | ACC_INTERFACE)) != 0 || (method.access() & ACC_ABSTRACT) == 0) continue;
        boolean implemented = types.stream().anyMatch(t -> {
          Member m = t.methods.get(key);
          return m != null && (m.access() & (ACC_ABSTRACT | ACC_STATIC)) == 0;
        });
        if (!implemented)
          implementations.computeIfAbsent("does not implement abstract method " + type.name.replace('/', '.') + "." + key, k -> new Outcome()).users.add(user);
      }
    }
  }

  // ---- running it --------------------------------------------------------------------------------------------

  static List<Path> jarsIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** The worker's own rule for which class names a plugin loads itself, taken from its connect-runtime jar. */
  static Predicate<String> isolationRule(List<Path> workerJars) throws Exception {
    URL[] urls = new URL[workerJars.size()];
    for (int i = 0; i < urls.length; i++) urls[i] = workerJars.get(i).toUri().toURL();
    URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    Method rule = loader.loadClass("org.apache.kafka.connect.runtime.isolation.PluginUtils").getMethod("shouldLoadInIsolation", String.class);
    return name -> {
      try { return (Boolean) rule.invoke(null, name); } catch (ReflectiveOperationException e) { throw new IllegalStateException(e); }
    };
  }

  public static void main(String[] args) {
    // An uncaught exception would exit 1, which reads as "something missing"; a failure to check is exit 2.
    try {
      run(args);
    } catch (ClassNotFoundException e) {
      System.err.println("The worker's jars hold no Connect runtime (" + e.getMessage() + "); point the check at a Connect worker's libs.");
      System.exit(2);
    } catch (Exception e) {
      System.err.println("The check could not read the jars: " + e);
      System.exit(2);
    }
  }

  static void run(String[] args) throws Exception {
    boolean all = List.of(args).contains("--all"), list = List.of(args).contains("--list");
    List<String> dirs = Stream.of(args).filter(a -> !a.startsWith("--")).toList();
    if (dirs.size() != 2 || !Files.isDirectory(Path.of(dirs.get(0))) || !Files.isDirectory(Path.of(dirs.get(1)))) {
      System.err.println("Usage: java CheckPluginRefs.java WORKER_LIBS_DIR PLUGIN_DIR [--all] [--list] (two directories of jars: the worker's libs and one plugin's).");
      System.exit(2);
    }
    List<Path> workerJars = jarsIn(Path.of(dirs.get(0))), pluginJars = jarsIn(Path.of(dirs.get(1)));
    if (workerJars.isEmpty() || pluginJars.isEmpty()) {
      System.err.println("No jars in " + (workerJars.isEmpty() ? dirs.get(0) : dirs.get(1)) + "; point the check at the worker's libs and at one plugin's directory.");
      System.exit(2);
    }
    CheckPluginRefs check = new CheckPluginRefs(new JarIndex(workerJars), new JarIndex(pluginJars), isolationRule(workerJars));

    // The classes the plugin's loader defines itself: its own code, and its copies of Kafka classes only where the
    // worker lacks them (or the worker's isolation rule sends them to the plugin). Such a copy is checked only when the
    // plugin's own code can reach it, since nothing else loads it.
    List<ClassFile> pluginClasses = new ArrayList<>();
    Map<String, Integer> kafkaCopies = new TreeMap<>();
    List<ClassFile> pending = new ArrayList<>();
    Set<String> reached = new LinkedHashSet<>();
    for (String name : check.plugin.owners.keySet()) {
      ClassFile cls = check.resolve(name, Origin.PLUGIN);
      if (cls != null && cls.origin == Origin.PLUGIN && !isKafka(name) && reached.add(name)) pending.add(cls);
    }
    while (!pending.isEmpty()) {
      ClassFile cls = pending.remove(pending.size() - 1);
      pluginClasses.add(cls);
      if (isKafka(cls.name)) kafkaCopies.merge(cls.jar, 1, Integer::sum);
      List<String> names = new ArrayList<>(cls.descriptorTypes);
      cls.refs.forEach(ref -> names.add(ref.owner()));
      if (cls.superName != null) names.add(cls.superName);
      names.addAll(cls.interfaces);
      for (String name : names) {
        if (!isKafka(name) || reached.contains(name)) continue;
        ClassFile copy = check.resolve(name, Origin.PLUGIN);
        if (copy != null && copy.origin == Origin.PLUGIN && reached.add(name)) pending.add(copy);
      }
    }
    pluginClasses.sort((a, b) -> a.name.compareTo(b.name));
    pluginClasses.forEach(check::checkClass);

    // Per kind: references, missing, resolved by the plugin's own Kafka classes.
    Map<String, int[]> figures = new LinkedHashMap<>();
    for (String kind : List.of("class", "method", "interface method", "field")) figures.put(kind, new int[3]);
    for (Map.Entry<Ref, Outcome> entry : check.outcomes.entrySet()) {
      int[] figure = figures.get(entry.getKey().kind());
      figure[0]++;
      if (entry.getValue().problem != null) figure[1]++;
      else if (entry.getValue().resolvedIn == Origin.PLUGIN) figure[2]++;
    }
    int checked = figures.values().stream().mapToInt(f -> f[0]).sum();
    int missing = figures.values().stream().mapToInt(f -> f[1]).sum();
    int fromPlugin = figures.values().stream().mapToInt(f -> f[2]).sum();
    List<String> byKind = new ArrayList<>();
    figures.forEach((kind, f) -> byKind.add(kind + "s " + f[0] + (f[1] > 0 ? " (" + f[1] + " missing)" : "")));

    System.out.printf("worker: %d jars in %s; plugin: %d jars in %s, %d classes defined by its own loader%n",
        workerJars.size(), dirs.get(0), pluginJars.size(), dirs.get(1), pluginClasses.size());
    if (!kafkaCopies.isEmpty())
      System.out.println("org.apache.kafka classes the plugin's code reaches that the worker lacks, so the plugin's own copies load: " + kafkaCopies);
    System.out.printf("references to org.apache.kafka checked: %d (%s); resolved by the worker: %d, by the plugin's own Kafka classes: %d; missing: %d%n",
        checked, String.join(", ", byKind).replace("classs", "classes"), checked - missing - fromPlugin, fromPlugin, missing);
    System.out.printf("plugin classes extending or implementing Kafka types checked: %d; abstract methods not implemented or finals overridden: %d%n",
        check.implementorsChecked, check.implementations.size());

    if (list) check.outcomes.forEach((ref, outcome) -> {
      if (outcome.problem == null) System.out.println("OK " + ref.describe() + " [" + outcome.resolvedIn.name().toLowerCase() + "]");
    });
    check.outcomes.forEach((ref, outcome) -> {
      if (outcome.problem != null) print("MISSING " + ref.describe() + ": " + outcome.problem, outcome.users, all);
    });
    check.implementations.forEach((problem, outcome) -> print("BROKEN " + problem, outcome.users, all));
    if (fromPlugin > 0) {
      check.outcomes.forEach((ref, outcome) -> {
        if (outcome.problem == null && outcome.resolvedIn == Origin.PLUGIN && !outcome.users.stream().allMatch(u -> u.startsWith("org.apache.kafka.")))
          print("FROM PLUGIN " + ref.describe() + " (the worker lacks it)", outcome.users, all);
      });
    }
    System.exit(missing + check.implementations.size() == 0 ? 0 : 1);
  }

  static void print(String line, Set<String> users, boolean all) {
    List<String> shown = users.stream().limit(all ? Long.MAX_VALUE : 5).toList();
    System.out.println(line);
    System.out.println("    used by " + String.join(", ", shown) + (users.size() > shown.size() ? " and " + (users.size() - shown.size()) + " more" : ""));
  }
}
