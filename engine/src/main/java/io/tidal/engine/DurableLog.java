package io.tidal.engine;

import io.tidal.engine.wal.AppendResult;
import io.tidal.engine.wal.Wal;
import io.tidal.engine.wal.WalRecord;
import java.util.ArrayList;
import java.util.List;

/** The {@link WriteLog} of a directory database: the WAL, with operations encoded as its records. */
final class DurableLog implements WriteLog {
  private final Wal wal;

  DurableLog(Wal wal) {
    this.wal = wal;
  }

  @Override
  public long[] append(List<WriteOp> ops) {
    List<WalRecord> records = new ArrayList<>(ops.size());
    for (WriteOp op : ops) {
      records.add(encode(op));
    }
    AppendResult r = wal.append(records);
    long[] seqs = new long[ops.size()];
    long next = r.firstSequence();
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = r.isNew(i) ? next++ : -1;
    }
    return seqs;
  }

  static WalRecord encode(WriteOp op) {
    if (op instanceof WriteOp.Sig s) {
      return new WalRecord.SignalRecord(
          s.type().name(),
          RowCodec.encodeKey(s.key()),
          s.weight(),
          s.timestamp(),
          s.dedupKey(),
          s.actorId());
    }
    if (op instanceof WriteOp.Erase x) {
      return new WalRecord.Erase(Erasure.encode(x));
    }
    if (op instanceof WriteOp.PutRow p) {
      return new WalRecord.RowPut(
          p.table().name(), RowCodec.encodeKey(p.key()), RowCodec.encodeRow(p.row()));
    }
    if (op instanceof WriteOp.DeleteRow d) {
      return new WalRecord.RowDelete(d.table().name(), RowCodec.encodeKey(d.key()));
    }
    return new WalRecord.SchemaChange(CatalogCodec.encodeDdl(((WriteOp.SchemaChange) op).change()));
  }

  @Override
  public long sequence() {
    return wal.lastSequence();
  }

  @Override
  public void sync() {
    wal.sync();
  }

  @Override
  public void checkpoint(long seq) {
    wal.checkpoint(seq);
  }

  @Override
  public void checkpoint(long seq, boolean keepNone) {
    wal.checkpoint(seq, keepNone);
  }

  @Override
  public void startSegment() {
    wal.startSegment();
  }

  @Override
  public List<Wal.Extent> extents() {
    return wal.extents();
  }

  @Override
  public void close() {
    wal.close();
  }
}
