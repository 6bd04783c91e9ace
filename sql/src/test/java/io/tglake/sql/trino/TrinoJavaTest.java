package io.tglake.sql.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoJavaTest {

  @TempDir Path jvms;

  private Path fakeJdk(String name, String version) throws Exception {
    Path home = Files.createDirectories(jvms.resolve(name));
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  @Test
  void picksTheNewestJdkThatCanRunTrino() throws Exception {
    Path jdk17 = fakeJdk("java-17", "17.0.15");
    fakeJdk("temurin-24", "24.0.1");
    Path jdk25 = fakeJdk("temurin-25", "25");

    assertThat(TrinoJava.findJavaHome(Map.of("JAVA_HOME", jdk17.toString()), jvms))
        .as("JAVA_HOME 17 is too old for Trino 476; the newest under the JVM folder wins")
        .isEqualTo(jdk25);
    assertThat(
            TrinoJava.findJavaHome(
                Map.of("TRINO_JAVA_HOME", jvms.resolve("temurin-24").toString()), jvms))
        .as("TRINO_JAVA_HOME first")
        .isEqualTo(jvms.resolve("temurin-24"));
  }

  @Test
  void failsWithInstallAdviceWhenNoJdk24OrNewerExists() throws Exception {
    Path jdk17 = fakeJdk("java-17", "17.0.15");

    assertThatThrownBy(() -> TrinoJava.findJavaHome(Map.of("JAVA_HOME", jdk17.toString()), jvms))
        .as("never a silent skip: the message says what to install")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JDK >= 24")
        .hasMessageContaining("Temurin 25")
        .hasMessageContaining("TRINO_JAVA_HOME");
  }

  @Test
  void readsTheFeatureVersionFromTheReleaseFile() throws Exception {
    assertThat(TrinoJava.javaVersion(fakeJdk("a", "17.0.15"))).isEqualTo(17);
    assertThat(TrinoJava.javaVersion(fakeJdk("b", "25"))).isEqualTo(25);
    assertThat(TrinoJava.javaVersion(jvms.resolve("missing"))).isEqualTo(-1);
  }
}
