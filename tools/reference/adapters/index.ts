/** Importing this module registers every reference adapter. One line per family. */
import './matmul';
import './activations';
import './attention';
import './text';
