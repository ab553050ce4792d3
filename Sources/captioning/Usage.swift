/// The help text.
enum Usage {
    static let text = """
    swift run captioning <command> [options]

    train   train a captioning model, evaluate it, write a checkpoint and an HTML report
      --cell rnn|lstm|gru       recurrent cell (default lstm)
      --hidden H --wordvec W   sizes (default 256, 128)
      --update-rule R          sgd, sgd_momentum, rmsprop, adam (default adam)
      --learning-rate LR       (default 3e-3 for the default adam; else the rule's default)
      --momentum M --beta1 B1 --beta2 B2 --epsilon E --decay-rate D
      --lr-decay F             learning rate × F after every epoch (default 0.95)
      --epochs N --batch-size B --seed S   (default 20, 50, 0)
      --impl reference|solutions|exercises whose layers train (default: yours once they work)
      --data shapes|DIR        built-in Shapes set (default) or COCO arrays (see README)
      --max-train N            keep N training captions (drawn with replacement)
      --output DIR             default runs/<date-time>-<cell>; --force to overwrite a run
      --resume CHECKPOINT      continue a run to --epochs (total) with its settings
      --beam K [--length-normalise]  evaluate with beam search instead of greedy
      --eval-images N          validation images scored with BLEU (default up to 1000)

    sample  caption validation images with a checkpoint
      --checkpoint PATH        a run's model.ckpt (required)
      --beam K [--length-normalise] | --temperature T [--seed S]   (default greedy)
      --count N                how many images to print (default 10)

    bench   time the training step against the peers (captioning bench --help)

    help    this text
    """
}
