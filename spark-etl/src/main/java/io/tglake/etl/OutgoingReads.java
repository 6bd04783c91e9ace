package io.tglake.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tglake.contract.LakeLayout;
import io.tglake.etl.store.ObjectStore;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's reads of the bot's outgoing records ({@link OutgoingDay}), one day at a time, each
 * writing that day's outgoing quarantine; shared by the single-day and the range flow.
 */
final class OutgoingReads {

  private static final Logger LOG = LoggerFactory.getLogger(OutgoingReads.class);

  private final RunContext ctx;

  OutgoingReads(RunContext ctx) {
    this.ctx = ctx;
  }

  /** The day's outgoing records (see {@link OutgoingDay}), their quarantine written. */
  OutgoingDay.Read read(LocalDate day) throws IOException {
    JobArgs args = ctx.args();
    String root = args.outgoingRoot();
    ObjectStore enrichedStore = ctx.enrichedStore();
    OutgoingDay.Read out =
        new OutgoingDay(ctx.spark(), root, ctx.s3Settings(root), args.readConcurrency(), ctx.json())
            .read(
                day,
                rows -> {
                  String prefix = LakeLayout.tablePrefix(OutgoingDay.QUARANTINE, day);
                  if (UploadCommit.appliesTo(ctx.spark(), args.enriched())) {
                    if (rows == null) {
                      for (var o : enrichedStore.list(prefix)) {
                        enrichedStore.delete(o.key());
                      }
                    } else {
                      new UploadCommit(enrichedStore).replaceWithJsonLines(rows, prefix);
                    }
                    return;
                  }
                  Column raw =
                      ctx.pseudonymizer().isPresent() ? lit(null).cast("string") : col("raw");
                  OutgoingDay.writeWithSpark(
                      ctx.hadoop(),
                      LakePaths.day(args.enriched() + "/" + OutgoingDay.QUARANTINE, day),
                      rows == null
                          ? null
                          : rows.select(col("source_file"), col("error"), raw.as("raw")));
                });
    if (out.listed() > 0) {
      LOG.info(
          "etl {}: {} outgoing records listed under {}, {} quarantined, {} retries of the day before dropped",
          day,
          out.listed(),
          root,
          out.quarantined(),
          out.droppedRetries());
    }
    return out;
  }
}
