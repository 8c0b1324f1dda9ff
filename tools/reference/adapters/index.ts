/** Importing this module registers every reference adapter. One line per family. */
import './matmul';
import './activations';
import './losses';
import './attention';
import './text';
import './optim';
import './layers';
