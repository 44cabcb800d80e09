package org.reposearcheval.cmd;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand has: {@code --help} and {@code --version}, and its examples under one
 * heading. picocli gives a subclass its superclass's {@code @Command} attributes, so each command
 * names only what is its own.
 */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    footerHeading = "%nExamples:%n")
abstract class Subcommand {
  /** The command as picocli parsed it: where its output goes, and its usage for errors. */
  @Spec CommandSpec spec;
}
